using Bridge.Providers.Creem;
using Bridge.Providers.Signing;

namespace Bridge.Providers.Tests.Creem;

public sealed class CreemSignatureTests
{
    // creem.md §1: checked with python hmac and the official creem 1.13.0 SDK.
    private const string VectorSecret = "whsec_creem_test_secret";
    private const string VectorBody = """{"id":"evt_1","eventType":"checkout.completed","created_at":1735689600000,"object":{"id":"ch_1"}}""";
    private const string VectorSignature = "d8b81069c548f3a45d472a5667a4731b2bf20f9691a8c22bb282c11a00e82048";
    private static readonly DateTimeOffset VectorNow = DateTimeOffset.FromUnixTimeMilliseconds(1735689600000).AddSeconds(5);

    private readonly CreemProvider _provider = new();

    [Fact]
    public void SignProducesTheReferenceVector()
    {
        var headers = _provider.Sign(Encoding.UTF8.GetBytes(VectorBody), VectorSecret, VectorNow, "evt_1");
        Assert.Equal(new Dictionary<string, string> { ["creem-signature"] = VectorSignature }, headers);
    }

    [Fact]
    public void ReferenceVectorVerifies()
    {
        var result = _provider.Verify(VectorRequest(VectorSignature), [VectorSecret], TimeSpan.FromMinutes(5), VectorNow);
        var verified = Assert.IsType<VerificationResult.Verified>(result).Webhook;
        Assert.Equal("evt_1", verified.EventId);
        Assert.Equal("checkout.completed", verified.EventType);
        Assert.Null(verified.LiveMode);
    }

    [Fact]
    public void ChangedReferenceSignatureIsRejected()
    {
        var changed = VectorSignature[..^1] + (VectorSignature[^1] == '8' ? '9' : '8');
        Assert.Equal("no signature matches the connection's secret", CreemTestKit.Reason(VerifyVector(VectorRequest(changed))));
    }

    [Theory]
    [InlineData("sha256=" + VectorSignature)]
    [InlineData("SHA256=" + VectorSignature)]
    [InlineData("D8B81069C548F3A45D472A5667A4731B2BF20F9691A8C22BB282C11A00E82048")]
    [InlineData("sha256=D8B81069C548F3A45D472A5667A4731B2BF20F9691A8C22BB282C11A00E82048")]
    [InlineData(" " + VectorSignature + " ")]
    public void PrefixedAndUpperCaseSignaturesAreAccepted(string signature) =>
        Assert.IsType<VerificationResult.Verified>(VerifyVector(VectorRequest(signature)));

    [Fact]
    public void XCreemSignatureHeaderIsAccepted()
    {
        var raw = CreemTestKit.Request(VectorBody, new Dictionary<string, string> { ["X-Creem-Signature"] = VectorSignature });
        Assert.IsType<VerificationResult.Verified>(VerifyVector(raw));
    }

    [Fact]
    public void TamperedBodyIsRejected()
    {
        var raw = CreemTestKit.Request(VectorBody.Replace("ch_1", "ch_2"), new Dictionary<string, string> { ["creem-signature"] = VectorSignature });
        Assert.Equal("no signature matches the connection's secret", CreemTestKit.Reason(VerifyVector(raw)));
    }

    [Fact]
    public void WrongSecretIsRejected() =>
        Assert.IsType<VerificationResult.Rejected>(_provider.Verify(VectorRequest(VectorSignature), ["whsec_other"], TimeSpan.FromMinutes(5), VectorNow));

    [Fact]
    public void SecondOfTwoSecretsMatches() =>
        Assert.IsType<VerificationResult.Verified>(
            _provider.Verify(VectorRequest(VectorSignature), ["whsec_rotated_out", VectorSecret], TimeSpan.FromMinutes(5), VectorNow));

    [Fact]
    public void SecretIsUsedAsTextNotBase64Decoded()
    {
        var decodedKey = StandardWebhooks.DecodeWhsecKey(CreemTestKit.StandardSecret)!;
        var signedWithDecodedKey = Hmac.ToHex(Hmac.Sha256(decodedKey, Encoding.UTF8.GetBytes(VectorBody)));
        var raw = CreemTestKit.Request(VectorBody, new Dictionary<string, string> { ["creem-signature"] = signedWithDecodedKey });
        Assert.IsType<VerificationResult.Rejected>(_provider.Verify(raw, [CreemTestKit.StandardSecret], TimeSpan.FromMinutes(5), VectorNow));
    }

    [Fact]
    public void MissingSignatureHeaderIsRejected()
    {
        var raw = CreemTestKit.Request(VectorBody, new Dictionary<string, string> { ["content-type"] = "application/json" });
        Assert.Equal("missing creem-signature header", CreemTestKit.Reason(VerifyVector(raw)));
    }

    [Theory]
    [InlineData("d8b81069c548f3a45d472a5667a4731b2bf20f9691a8c22bb282c11a00e8204")]
    [InlineData("d8b81069c548f3a45d472a5667a4731b2bf20f9691a8c22bb282c11a00e820")]
    [InlineData("zzb81069c548f3a45d472a5667a4731b2bf20f9691a8c22bb282c11a00e82048")]
    [InlineData("sha256=")]
    [InlineData("2LgQacVI86RdRypWZ6RzGyvyD5aRqMIrsoLBGgDoIEg=")]
    [InlineData(",")]
    public void GarbledOrTruncatedSignatureIsRejected(string signature)
    {
        var reason = CreemTestKit.Reason(VerifyVector(VectorRequest(signature)));
        Assert.Equal("creem-signature is not a 64-character hex HMAC-SHA256", reason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OneValidSignatureAmongSeveralIsEnough(bool validFirst)
    {
        var other = new string('0', 64);
        var header = validFirst ? $"{VectorSignature}, {other}" : $"{other}, {VectorSignature}";
        Assert.IsType<VerificationResult.Verified>(VerifyVector(VectorRequest(header)));
    }

    [Fact]
    public void RepeatedHeadersCountAsSeveralSignatures()
    {
        var raw = new RawWebhook("creem", new WebhookHeaders([
            new("creem-signature", new string('a', 64)),
            new("creem-signature", VectorSignature),
        ]), Encoding.UTF8.GetBytes(VectorBody), VectorNow);
        Assert.IsType<VerificationResult.Verified>(VerifyVector(raw));
    }

    [Fact]
    public void HexSchemeHasNoTimestampSoToleranceIsIgnored()
    {
        Assert.Null(_provider.DefaultTolerance);
        var aYearLater = VectorNow.AddDays(365);
        Assert.IsType<VerificationResult.Verified>(_provider.Verify(VectorRequest(VectorSignature), [VectorSecret], TimeSpan.Zero, aYearLater));
    }

    [Fact]
    public void EmptySecretsAreNeverUsedAsKeys()
    {
        var signedWithEmptyKey = Hmac.ToHex(Hmac.Sha256([], Encoding.UTF8.GetBytes(VectorBody)));
        var result = _provider.Verify(VectorRequest(signedWithEmptyKey), ["", "  "], TimeSpan.FromMinutes(5), VectorNow);
        Assert.Equal("the connection has no signing secret", CreemTestKit.Reason(result));
    }

    [Fact]
    public void RejectionReasonsNeverShowSignaturesOrSecrets()
    {
        var wrong = new string('f', 64);
        var reasons = new[]
        {
            CreemTestKit.Reason(_provider.Verify(VectorRequest(wrong), [VectorSecret], TimeSpan.FromMinutes(5), VectorNow)),
            CreemTestKit.Reason(_provider.Verify(VectorRequest("garbage"), [VectorSecret], TimeSpan.FromMinutes(5), VectorNow)),
        };
        foreach (var reason in reasons)
        {
            Assert.DoesNotContain(wrong, reason);
            Assert.DoesNotContain("garbage", reason);
            Assert.DoesNotContain(VectorSecret, reason);
            Assert.DoesNotContain(VectorSignature, reason);
        }
    }

    [Fact]
    public void SignedBodyThatIsNotJsonIsRejected()
    {
        var raw = CreemTestKit.Signed("not json");
        Assert.Equal("the body is not valid JSON", CreemTestKit.Reason(CreemTestKit.Verify(raw, CreemTestKit.Secret)));
    }

    [Fact]
    public void SignedBodyWithoutIdIsRejected()
    {
        var raw = CreemTestKit.Signed("""{"eventType":"checkout.completed","object":{}}""");
        Assert.Equal("the event has no id", CreemTestKit.Reason(CreemTestKit.Verify(raw, CreemTestKit.Secret)));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData("whsec_creem_test_secret", true)]
    [InlineData("any-non-empty-text", true)]
    public void CheckSecretOnlyRequiresText(string secret, bool fine) =>
        Assert.Equal(fine, _provider.CheckSecret(secret) is null);

    private VerificationResult VerifyVector(RawWebhook raw) =>
        _provider.Verify(raw, [VectorSecret], TimeSpan.FromMinutes(5), VectorNow);

    private static RawWebhook VectorRequest(string signature) =>
        CreemTestKit.Request(VectorBody, new Dictionary<string, string> { ["creem-signature"] = signature });
}
