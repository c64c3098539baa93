using Bridge.Providers.Dodo;
using Bridge.Providers.Signing;

namespace Bridge.Providers.Tests.Dodo;

/// <summary>The Standard Webhooks scheme as Dodo uses it, checked against the reference vector (dodo.md §1).</summary>
public sealed class DodoSignatureTests
{
    private const string VectorSecret = "whsec_ZG9kby10ZXN0LWtleS0wMTIzNDU2Nzg5YWJjZGVmISE=";
    private const string VectorId = "msg_dodo_01";
    private const long VectorTimestamp = 1735689600;
    private const string VectorBody =
        """{"business_id":"bus_1","type":"payment.succeeded","timestamp":"2025-01-01T00:00:00Z","data":{"payload_type":"Payment","payment_id":"pay_1","total_amount":2000,"currency":"USD"}}""";
    private const string VectorSignature = "v1,KmzHPKzDGJ1avV1zaCHk3P1taV1eRho2UKCbVPpClug=";

    private static readonly DateTimeOffset VectorTime = DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp);
    private static readonly DodoProvider Provider = new();

    private static RawWebhook VectorRequest(string body = VectorBody, string signature = VectorSignature) =>
        new("dodo", new WebhookHeaders(new Dictionary<string, string>
        {
            ["webhook-id"] = VectorId,
            ["webhook-timestamp"] = VectorTimestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["webhook-signature"] = signature,
            ["content-type"] = "application/json",
        }), Encoding.UTF8.GetBytes(body), VectorTime);

    private static string Rejection(VerificationResult result) => Assert.IsType<VerificationResult.Rejected>(result).Reason;

    [Fact]
    public void ReferenceVectorVerifies()
    {
        var result = Provider.Verify(VectorRequest(), [VectorSecret], Provider.DefaultTolerance!.Value, VectorTime.AddSeconds(10));

        var verified = Assert.IsType<VerificationResult.Verified>(result).Webhook;
        Assert.Equal(VectorId, verified.EventId);
        Assert.Equal("payment.succeeded", verified.EventType);
        Assert.Null(verified.LiveMode);
    }

    [Fact]
    public void SignMakesTheReferenceVectorHeaders()
    {
        var headers = Provider.Sign(Encoding.UTF8.GetBytes(VectorBody), VectorSecret, VectorTime, VectorId);

        Assert.Equal(VectorId, headers["webhook-id"]);
        Assert.Equal("1735689600", headers["webhook-timestamp"]);
        Assert.Equal(VectorSignature, headers["webhook-signature"]);
    }

    [Fact]
    public void ReferenceVectorWithAModifiedBodyIsRejected()
    {
        var tampered = VectorBody.Replace("\"total_amount\":2000", "\"total_amount\":2001", StringComparison.Ordinal);

        var reason = Rejection(Provider.Verify(VectorRequest(tampered), [VectorSecret], TimeSpan.FromMinutes(5), VectorTime.AddSeconds(10)));

        Assert.Contains("no signature matches", reason);
    }

    [Fact]
    public void ReferenceVectorIsStaleByTheRealClock()
    {
        var reason = Rejection(Provider.Verify(VectorRequest(), [VectorSecret], TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));

        Assert.Contains("too old", reason);
    }

    [Fact]
    public void DefaultToleranceIsFiveMinutes() => Assert.Equal(TimeSpan.FromSeconds(300), Provider.DefaultTolerance);

    [Theory]
    [InlineData(300, true)]
    [InlineData(301, false)]
    [InlineData(-300, true)]
    [InlineData(-301, false)]
    public void TimestampIsCheckedBothWays(int secondsBeforeNow, bool accepted)
    {
        var body = DodoTestWebhooks.Fixture("payment_succeeded_one_time");
        var raw = DodoTestWebhooks.Signed(body, DodoTestWebhooks.Secret, DodoTestWebhooks.Now.AddSeconds(-secondsBeforeNow));

        var result = Provider.Verify(raw, [DodoTestWebhooks.Secret], DodoTestWebhooks.Tolerance, DodoTestWebhooks.Now);

        if (accepted)
            Assert.IsType<VerificationResult.Verified>(result);
        else
            Assert.Contains(secondsBeforeNow > 0 ? "too old" : "in the future", Rejection(result));
    }

    [Fact]
    public void TamperedBodyIsRejected()
    {
        var body = DodoTestWebhooks.Fixture("payment_succeeded_one_time");
        var raw = DodoTestWebhooks.Signed(body, DodoTestWebhooks.Secret, DodoTestWebhooks.Now);
        var tampered = raw with { Body = Encoding.UTF8.GetBytes(raw.BodyText.Replace("\"total_amount\": 400", "\"total_amount\": 40000", StringComparison.Ordinal)) };
        Assert.NotEqual(raw.Body, tampered.Body);

        Assert.Contains("no signature matches", Rejection(Provider.Verify(tampered, [DodoTestWebhooks.Secret], DodoTestWebhooks.Tolerance, DodoTestWebhooks.Now)));
    }

    [Fact]
    public void ChangedWebhookIdIsRejectedBecauseTheIdIsSigned()
    {
        var raw = DodoTestWebhooks.Signed(DodoTestWebhooks.Fixture("payment_succeeded_one_time"), DodoTestWebhooks.Secret, DodoTestWebhooks.Now);
        var replayed = DodoTestWebhooks.WithHeaders(raw, headers => headers["webhook-id"] = "msg_other");

        Assert.Contains("no signature matches", Rejection(Provider.Verify(replayed, [DodoTestWebhooks.Secret], DodoTestWebhooks.Tolerance, DodoTestWebhooks.Now)));
    }

    [Theory]
    [InlineData("webhook-id")]
    [InlineData("webhook-timestamp")]
    [InlineData("webhook-signature")]
    public void MissingHeaderIsRejected(string header)
    {
        var raw = DodoTestWebhooks.Signed(DodoTestWebhooks.Fixture("payment_succeeded_one_time"), DodoTestWebhooks.Secret, DodoTestWebhooks.Now);
        var stripped = DodoTestWebhooks.WithHeaders(raw, headers => headers.Remove(header));

        Assert.Contains($"missing {header}", Rejection(Provider.Verify(stripped, [DodoTestWebhooks.Secret], DodoTestWebhooks.Tolerance, DodoTestWebhooks.Now)));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("v1")]
    [InlineData("v1,")]
    [InlineData("v1,!!!not-base64!!!")]
    [InlineData("v2,KmzHPKzDGJ1avV1zaCHk3P1taV1eRho2UKCbVPpClug=")]
    public void GarbledSignatureHeaderIsRejected(string signature)
    {
        var raw = DodoTestWebhooks.Signed(DodoTestWebhooks.Fixture("payment_succeeded_one_time"), DodoTestWebhooks.Secret, DodoTestWebhooks.Now);
        var garbled = DodoTestWebhooks.WithHeaders(raw, headers => headers["webhook-signature"] = signature);

        Rejection(Provider.Verify(garbled, [DodoTestWebhooks.Secret], DodoTestWebhooks.Tolerance, DodoTestWebhooks.Now));
    }

    [Fact]
    public void TruncatedSignatureIsRejected()
    {
        var raw = DodoTestWebhooks.Signed(DodoTestWebhooks.Fixture("payment_succeeded_one_time"), DodoTestWebhooks.Secret, DodoTestWebhooks.Now);
        var signature = raw.Headers["webhook-signature"]!;
        var truncated = DodoTestWebhooks.WithHeaders(raw, headers => headers["webhook-signature"] = signature[..^4]);

        Assert.Contains("no signature matches", Rejection(Provider.Verify(truncated, [DodoTestWebhooks.Secret], DodoTestWebhooks.Tolerance, DodoTestWebhooks.Now)));
    }

    [Fact]
    public void CorrectlySignedNonNumericTimestampIsRejected()
    {
        var key = StandardWebhooks.DecodeWhsecKey(VectorSecret)!;
        var digest = Hmac.Sha256(key, $"{VectorId}.soon.", Encoding.UTF8.GetBytes(VectorBody));
        var raw = DodoTestWebhooks.WithHeaders(VectorRequest(signature: "v1," + Convert.ToBase64String(digest)),
            headers => headers["webhook-timestamp"] = "soon");

        var reason = Rejection(Provider.Verify(raw, [VectorSecret], TimeSpan.FromMinutes(5), VectorTime.AddSeconds(10)));

        Assert.Contains("not a number", reason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OneValidSignatureAmongSeveralIsAcceptedInEitherPosition(bool validFirst)
    {
        var body = DodoTestWebhooks.Fixture("payment_succeeded_one_time");
        var valid = DodoTestWebhooks.Signed(body, DodoTestWebhooks.Secret, DodoTestWebhooks.Now).Headers["webhook-signature"]!;
        var invalid = DodoTestWebhooks.Signed(body, DodoTestWebhooks.OtherSecret, DodoTestWebhooks.Now).Headers["webhook-signature"]!;
        var both = validFirst ? $"{valid} {invalid}" : $"{invalid} {valid}";
        var raw = DodoTestWebhooks.WithHeaders(DodoTestWebhooks.Signed(body, DodoTestWebhooks.Secret, DodoTestWebhooks.Now), headers => headers["webhook-signature"] = both);

        Assert.IsType<VerificationResult.Verified>(Provider.Verify(raw, [DodoTestWebhooks.Secret], DodoTestWebhooks.Tolerance, DodoTestWebhooks.Now));
    }

    [Fact]
    public void OnlyInvalidSignaturesAreRejected()
    {
        var body = DodoTestWebhooks.Fixture("payment_succeeded_one_time");
        var invalid = DodoTestWebhooks.Signed(body, DodoTestWebhooks.OtherSecret, DodoTestWebhooks.Now).Headers["webhook-signature"]!;
        var raw = DodoTestWebhooks.WithHeaders(DodoTestWebhooks.Signed(body, DodoTestWebhooks.Secret, DodoTestWebhooks.Now),
            headers => headers["webhook-signature"] = $"{invalid} v1,AAAA {invalid}");

        Rejection(Provider.Verify(raw, [DodoTestWebhooks.Secret], DodoTestWebhooks.Tolerance, DodoTestWebhooks.Now));
    }

    [Fact]
    public void SecondOfTwoSecretsMatching()
    {
        var raw = DodoTestWebhooks.Signed(DodoTestWebhooks.Fixture("refund_succeeded_full"), DodoTestWebhooks.Secret, DodoTestWebhooks.Now);

        var result = Provider.Verify(raw, [DodoTestWebhooks.OtherSecret, DodoTestWebhooks.Secret], DodoTestWebhooks.Tolerance, DodoTestWebhooks.Now);

        Assert.IsType<VerificationResult.Verified>(result);
    }

    [Fact]
    public void WrongSecretIsRejectedWithoutRevealingSecretsOrSignatures()
    {
        var raw = DodoTestWebhooks.Signed(DodoTestWebhooks.Fixture("refund_succeeded_full"), DodoTestWebhooks.OtherSecret, DodoTestWebhooks.Now);

        var reason = Rejection(Provider.Verify(raw, [DodoTestWebhooks.Secret], DodoTestWebhooks.Tolerance, DodoTestWebhooks.Now));

        Assert.Contains("no signature matches", reason);
        Assert.DoesNotContain(DodoTestWebhooks.Secret["whsec_".Length..], reason);
        Assert.DoesNotContain(raw.Headers["webhook-signature"]!["v1,".Length..], reason);
    }

    [Fact]
    public void UnusableSecretsAreRejectedNotThrown()
    {
        var raw = DodoTestWebhooks.Signed(DodoTestWebhooks.Fixture("refund_succeeded_full"), DodoTestWebhooks.Secret, DodoTestWebhooks.Now);

        Assert.Contains("no valid whsec_ secret", Rejection(Provider.Verify(raw, ["whsec_!!!", ""], DodoTestWebhooks.Tolerance, DodoTestWebhooks.Now)));
        Assert.Contains("no valid whsec_ secret", Rejection(Provider.Verify(raw, [], DodoTestWebhooks.Tolerance, DodoTestWebhooks.Now)));
    }

    [Fact]
    public void BodyThatIsNotJsonIsRejectedEvenWhenSigned()
    {
        var raw = DodoTestWebhooks.Signed("not json"u8.ToArray(), DodoTestWebhooks.Secret, DodoTestWebhooks.Now);

        Assert.Contains("not valid JSON", Rejection(Provider.Verify(raw, [DodoTestWebhooks.Secret], DodoTestWebhooks.Tolerance, DodoTestWebhooks.Now)));
    }

    [Fact]
    public void EventIdIsTheWebhookIdHeader()
    {
        var verified = DodoTestWebhooks.Verify(DodoTestWebhooks.Fixture("subscription_renewed"), eventId: "msg_from_header");

        Assert.Equal("msg_from_header", verified.EventId);
        Assert.Equal("subscription.renewed", verified.EventType);
    }

    [Fact]
    public void VectorSecretIsWellFormed() => Assert.Null(Provider.CheckSecret(VectorSecret));

    [Theory]
    [InlineData("")]
    [InlineData("ZG9kby10ZXN0LWtleS0wMTIzNDU2Nzg5YWJjZGVmISE=")]
    [InlineData("whsec_")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_ZG9kbw=")]
    [InlineData("WHSEC_ZG9kby10ZXN0LWtleS0wMTIzNDU2Nzg5YWJjZGVmISE=")]
    [InlineData("sk_live_51ABCdef")]
    public void MalformedSecretIsRefused(string secret) => Assert.NotNull(Provider.CheckSecret(secret));

    [Fact]
    public void SigningWithAMalformedSecretThrows() =>
        Assert.Throws<ArgumentException>(() => Provider.Sign("{}"u8.ToArray(), "whsec_!!!", VectorTime, VectorId));
}
