using Bridge.Providers.Signing;

namespace Bridge.Providers.Tests.Stripe;

/// <summary>Vectors S1/S2 from reference/stripe.md §1, and the ways a Stripe-Signature header can be wrong.</summary>
public sealed class StripeSignatureTests
{
    private const string VectorBody = """{"id":"evt_test_webhook","object":"event","type":"checkout.session.completed"}""";
    private const string VectorDigest = "1e3c15e6f7ab010beb7ff612b1d4db2a8a425d99bee04d1425a0b263bc822220";
    private const string VectorHeader = "t=1735689600,v1=" + VectorDigest;
    private const string UnprefixedKeyDigest = "a4fc0ca3bfd459b8fe910ed9a588f921c9af4489ead022b97dd97ac334ad06a8";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(VectorBody);
    private static readonly string Junk = new('a', 64);

    private static VerificationResult VerifyVector(string header, DateTimeOffset? now = null, params string[] secrets) =>
        StripeTestKit.Verify(StripeTestKit.Request(Body, header), now, secrets);

    [Fact]
    public void VectorBodyIsTheDocumented78Bytes() => Assert.Equal(78, Body.Length);

    [Fact]
    public void SignMakesTheVectorS1Header()
    {
        var headers = StripeTestKit.Provider.Sign(Body, StripeTestKit.Secret, StripeTestKit.SignedAt, "evt_test_webhook");

        var (name, value) = Assert.Single(headers);
        Assert.Equal("Stripe-Signature", name);
        Assert.Equal(VectorHeader, value);
    }

    [Fact]
    public void VectorS1VerifiesOneSecondLater()
    {
        var verified = Assert.IsType<VerificationResult.Verified>(VerifyVector(VectorHeader)).Webhook;

        Assert.Equal("evt_test_webhook", verified.EventId);
        Assert.Equal("checkout.session.completed", verified.EventType);
        Assert.Null(verified.LiveMode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MultiSignatureHeaderVerifiesWhicheverPositionTheValidOneHas(bool validFirst)
    {
        var header = validFirst
            ? $"t=1735689600,v1={VectorDigest},v1={Junk},v0=deadbeef"
            : $"t=1735689600,v1={Junk},v1={VectorDigest},v0=deadbeef";

        Assert.IsType<VerificationResult.Verified>(VerifyVector(header));
    }

    [Fact]
    public void VectorS2MultiSignatureHeaderVerifies() =>
        Assert.IsType<VerificationResult.Verified>(VerifyVector($"t=1735689600,v1={Junk},v1={VectorDigest},v0=deadbeef"));

    [Fact]
    public void ToleranceBoundaryIsInclusive() =>
        Assert.IsType<VerificationResult.Verified>(VerifyVector(VectorHeader, StripeTestKit.SignedAt.AddSeconds(300)));

    [Fact]
    public void VectorIsRejected301SecondsLater()
    {
        var reason = StripeTestKit.Rejection(VerifyVector(VectorHeader, StripeTestKit.SignedAt.AddSeconds(301)));
        Assert.Equal("the signature timestamp is too old (301 s; tolerance 300 s)", reason);
    }

    [Fact]
    public void TimestampAnHourInTheFutureIsRejected()
    {
        var reason = StripeTestKit.Rejection(VerifyVector(VectorHeader, StripeTestKit.SignedAt.AddHours(-1)));
        Assert.Equal("the signature timestamp is in the future (3600 s; tolerance 300 s)", reason);
    }

    [Fact]
    public void DigestMadeWithTheUnprefixedKeyIsTheVectorsAndDoesNotVerify()
    {
        var unprefixed = StripeTestKit.Secret["whsec_".Length..];
        Assert.Equal(UnprefixedKeyDigest, Hmac.ToHex(Hmac.Sha256(Encoding.UTF8.GetBytes(unprefixed), "1735689600.", Body)));

        var reason = StripeTestKit.Rejection(VerifyVector($"t=1735689600,v1={UnprefixedKeyDigest}"));
        Assert.Contains("no v1 signature", reason);
    }

    [Fact]
    public void UnprefixedSecretDoesNotVerifyTheVectorAndIsRefusedAtRegistration()
    {
        var unprefixed = StripeTestKit.Secret["whsec_".Length..];

        StripeTestKit.Rejection(VerifyVector(VectorHeader, null, unprefixed));
        Assert.NotNull(StripeTestKit.Provider.CheckSecret(unprefixed));
        Assert.Null(StripeTestKit.Provider.CheckSecret(StripeTestKit.Secret));
    }

    [Theory]
    [InlineData("")]
    [InlineData("whsec_")]
    [InlineData("sk_test_123")]
    [InlineData(" whsec_abc")]
    [InlineData("whsec_abc\n")]
    public void MalformedSecretsAreRefused(string secret) => Assert.NotNull(StripeTestKit.Provider.CheckSecret(secret));

    [Fact]
    public void TamperedBodyIsRejected()
    {
        var tampered = Encoding.UTF8.GetBytes(VectorBody.Replace("evt_test_webhook", "evt_test_webhooc"));
        var reason = StripeTestKit.Rejection(StripeTestKit.Verify(StripeTestKit.Request(tampered, VectorHeader)));
        Assert.Equal("no v1 signature in the Stripe-Signature header matches the connection's secrets", reason);
    }

    [Fact]
    public void WrongSecretIsRejected() =>
        StripeTestKit.Rejection(VerifyVector(VectorHeader, null, StripeTestKit.OtherSecret));

    [Fact]
    public void SecondOfTwoSecretsMatching()
    {
        Assert.IsType<VerificationResult.Verified>(VerifyVector(VectorHeader, null, StripeTestKit.OtherSecret, StripeTestKit.Secret));
        Assert.IsType<VerificationResult.Verified>(VerifyVector(VectorHeader, null, StripeTestKit.Secret, StripeTestKit.OtherSecret));
    }

    [Fact]
    public void StaleSignatureOfTheSecondSecretReportsTheTimestamp()
    {
        var reason = StripeTestKit.Rejection(VerifyVector(VectorHeader, StripeTestKit.SignedAt.AddMinutes(10), StripeTestKit.OtherSecret, StripeTestKit.Secret));
        Assert.StartsWith("the signature timestamp is too old", reason);
    }

    [Fact]
    public void StaleHeaderWithWrongSecretReportsTheSignatureFirst()
    {
        var reason = StripeTestKit.Rejection(VerifyVector(VectorHeader, StripeTestKit.SignedAt.AddMinutes(10), StripeTestKit.OtherSecret));
        Assert.Contains("no v1 signature", reason);
    }

    [Fact]
    public void NoSecretsIsRejected() =>
        Assert.Equal("the connection has no signing secret",
            StripeTestKit.Rejection(StripeTestKit.Provider.Verify(StripeTestKit.Request(Body, VectorHeader), [], StripeTestKit.Tolerance, StripeTestKit.SignedAt)));

    [Fact]
    public void EmptySecretNeverVerifies()
    {
        var signedWithEmptyKey = StripeTestKit.Provider.Sign(Body, "", StripeTestKit.SignedAt, "x")["Stripe-Signature"];
        Assert.Equal("the connection has no signing secret", StripeTestKit.Rejection(VerifyVector(signedWithEmptyKey, null, "")));
        Assert.Contains("no v1 signature", StripeTestKit.Rejection(VerifyVector(signedWithEmptyKey, null, "", StripeTestKit.Secret)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void MissingHeaderIsRejected(string? header) =>
        Assert.Equal("missing Stripe-Signature header", StripeTestKit.Rejection(VerifyVector(header!)));

    [Fact]
    public void HeaderNameIsCaseInsensitive()
    {
        var raw = new RawWebhook("stripe", new WebhookHeaders([new("stripe-signature", VectorHeader)]), Body, StripeTestKit.SignedAt);
        Assert.IsType<VerificationResult.Verified>(StripeTestKit.Verify(raw));
    }

    [Theory]
    [InlineData("garbage", "the Stripe-Signature header is malformed (expected t=<unix seconds>,v1=<hex>)")]
    [InlineData("t=1735689600,v1=" + VectorDigest + ",", "the Stripe-Signature header is malformed (expected t=<unix seconds>,v1=<hex>)")]
    [InlineData("t=1735689600;v1=" + VectorDigest, "the Stripe-Signature timestamp is not a Unix time in seconds")]
    [InlineData("v1=" + VectorDigest, "the Stripe-Signature header has no timestamp (t=)")]
    [InlineData("t=1735689600", "the Stripe-Signature header has no v1 signature")]
    [InlineData("t=1735689600,v0=" + VectorDigest, "the Stripe-Signature header has no v1 signature")]
    [InlineData("t=soon,v1=" + VectorDigest, "the Stripe-Signature timestamp is not a Unix time in seconds")]
    [InlineData("t=99999999999,v1=" + VectorDigest, "the Stripe-Signature timestamp is not a Unix time in seconds")]
    [InlineData("t=1735689600,v1=1e3c15e6f7ab010beb7ff612", "no v1 signature in the Stripe-Signature header matches the connection's secrets")]
    [InlineData("t=1735689600,v1=" + "1E3C15E6F7AB010BEB7FF612B1D4DB2A8A425D99BEE04D1425A0B263BC822220", "no v1 signature in the Stripe-Signature header matches the connection's secrets")]
    [InlineData("t=1735689601,v1=" + VectorDigest, "no v1 signature in the Stripe-Signature header matches the connection's secrets")]
    public void GarbledOrTruncatedHeaderIsRejectedWithAReason(string header, string expected) =>
        Assert.Equal(expected, StripeTestKit.Rejection(VerifyVector(header)));

    [Fact]
    public void HeaderWithSpacesAroundItemsStillVerifies() =>
        Assert.IsType<VerificationResult.Verified>(VerifyVector($" t=1735689600, v1={VectorDigest} "));

    [Fact]
    public void BodyThatIsNotUtf8IsRejected()
    {
        byte[] body = [.. Body[..^2], 0xC3, 0x28, (byte)'}'];
        var header = StripeTestKit.Provider.Sign(body, StripeTestKit.Secret, StripeTestKit.SignedAt, "x")["Stripe-Signature"];
        Assert.Equal("the body is not valid UTF-8", StripeTestKit.Rejection(StripeTestKit.Verify(StripeTestKit.Request(body, header))));
    }

    [Fact]
    public void SignedBodyWithoutAnEventIdIsRejected()
    {
        var body = Encoding.UTF8.GetBytes("""{"object":"event","type":"invoice.paid"}""");
        Assert.Equal("the event has no id", StripeTestKit.Rejection(StripeTestKit.Verify(StripeTestKit.Signed(body))));
    }

    [Fact]
    public void RejectionReasonsNeverContainTheSecretOrASignature()
    {
        string[] headers =
        [
            VectorHeader, $"t=1735689600,v1={Junk}", $"t=1735689600,v1={UnprefixedKeyDigest}", "garbage", $"t=soon,v1={VectorDigest}",
        ];
        DateTimeOffset[] clocks = [StripeTestKit.SignedAt.AddSeconds(1), StripeTestKit.SignedAt.AddHours(1), StripeTestKit.SignedAt.AddHours(-1)];
        foreach (var header in headers)
        foreach (var now in clocks)
        {
            if (VerifyVector(header, now, StripeTestKit.OtherSecret) is not VerificationResult.Rejected rejected)
                continue;
            Assert.DoesNotContain("whsec_", rejected.Reason);
            Assert.DoesNotContain(VectorDigest[..16], rejected.Reason);
            Assert.DoesNotContain(Junk[..16], rejected.Reason);
            Assert.DoesNotContain(UnprefixedKeyDigest[..16], rejected.Reason);
        }
    }

    [Fact]
    public void DefaultToleranceIsStripes300Seconds() =>
        Assert.Equal(TimeSpan.FromSeconds(300), StripeTestKit.Provider.DefaultTolerance);

    [Fact]
    public void ProviderIsNamedStripe() => Assert.Equal("stripe", StripeTestKit.Provider.Name);
}
