using Bridge.Providers.Creem;
using Bridge.Providers.Signing;

namespace Bridge.Providers.Tests.Creem;

/// <summary>
/// The official creem SDK verifies Standard Webhooks style when all three <c>webhook-*</c> headers are present
/// (secret minus <c>whsec_</c> base64-decoded, timestamp window); the adapter does the same.
/// </summary>
public sealed class CreemStandardWebhooksTests
{
    // The standard-webhooks specification's own test vector.
    private const string SpecMessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string SpecTimestamp = "1614265330";
    private const string SpecBody = """{"test": 2432232314}""";
    private const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private const string CreemBody = """{"id":"evt_std_1","eventType":"subscription.active","created_at":1746093600000,"object":{"id":"sub_1","mode":"prod"}}""";

    private readonly CreemProvider _provider = new();

    [Fact]
    public void SpecVectorVerifiesAndTheSignedMessageIdStandsInForAMissingBodyId()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(long.Parse(SpecTimestamp)).AddSeconds(3);
        var raw = new RawWebhook("creem", new WebhookHeaders(new Dictionary<string, string>
        {
            ["webhook-id"] = SpecMessageId,
            ["webhook-timestamp"] = SpecTimestamp,
            ["webhook-signature"] = SpecSignature,
        }), Encoding.UTF8.GetBytes(SpecBody), now);

        var verified = Assert.IsType<VerificationResult.Verified>(_provider.Verify(raw, [CreemTestKit.StandardSecret], TimeSpan.FromMinutes(5), now)).Webhook;
        Assert.Equal(SpecMessageId, verified.EventId);
    }

    [Fact]
    public void CreemBodySignedStandardWebhooksStyleVerifiesWithTheBodyIdAsEventId()
    {
        var verified = Assert.IsType<VerificationResult.Verified>(Verify(StandardSigned(CreemBody, CreemTestKit.Now, "msg_other"))).Webhook;
        Assert.Equal("evt_std_1", verified.EventId);
        Assert.Equal("subscription.active", verified.EventType);
        Assert.True(verified.LiveMode);
    }

    [Fact]
    public void StaleTimestampIsRejected()
    {
        var reason = CreemTestKit.Reason(Verify(StandardSigned(CreemBody, CreemTestKit.Now.AddMinutes(-6), "evt_std_1")));
        Assert.StartsWith("the signature timestamp is too old", reason);
    }

    [Fact]
    public void FutureTimestampIsRejected()
    {
        var reason = CreemTestKit.Reason(Verify(StandardSigned(CreemBody, CreemTestKit.Now.AddMinutes(6), "evt_std_1")));
        Assert.StartsWith("the signature timestamp is in the future", reason);
    }

    [Fact]
    public void TamperedBodyIsRejected()
    {
        var headers = StandardHeaders(CreemBody, CreemTestKit.Now, "evt_std_1");
        var raw = CreemTestKit.Request(CreemBody.Replace("sub_1", "sub_2"), headers);
        Assert.Equal("no signature matches the connection's secret", CreemTestKit.Reason(Verify(raw)));
    }

    [Fact]
    public void SecondOfTwoSecretsMatches()
    {
        var raw = StandardSigned(CreemBody, CreemTestKit.Now, "evt_std_1");
        var result = _provider.Verify(raw, ["whsec_dGhlIG9sZCBvbmU=", CreemTestKit.StandardSecret], TimeSpan.FromMinutes(5), CreemTestKit.Now);
        Assert.IsType<VerificationResult.Verified>(result);
    }

    [Fact]
    public void AllThreeHeadersSelectTheStandardSchemeEvenBesideAValidCreemSignature()
    {
        var headers = new Dictionary<string, string>(StandardHeaders(CreemBody, CreemTestKit.Now, "evt_std_1"))
        {
            ["webhook-signature"] = "v1," + Convert.ToBase64String(new byte[32]),
            ["creem-signature"] = CreemSignatureOf(CreemBody, CreemTestKit.StandardSecret),
        };
        Assert.IsType<VerificationResult.Rejected>(Verify(CreemTestKit.Request(CreemBody, headers)));
    }

    [Fact]
    public void FewerThanThreeStandardHeadersFallBackToTheCreemSignature()
    {
        var headers = new Dictionary<string, string>
        {
            ["webhook-id"] = "evt_std_1",
            ["webhook-timestamp"] = "1",
            ["creem-signature"] = CreemSignatureOf(CreemBody, CreemTestKit.StandardSecret),
        };
        Assert.IsType<VerificationResult.Verified>(Verify(CreemTestKit.Request(CreemBody, headers)));
    }

    [Fact]
    public void SecretThatIsNotBase64CannotVerifyTheStandardScheme()
    {
        var raw = StandardSigned(CreemBody, CreemTestKit.Now, "evt_std_1");
        var result = _provider.Verify(raw, [CreemTestKit.Secret], TimeSpan.FromMinutes(5), CreemTestKit.Now);
        Assert.Equal("the request carries Standard Webhooks headers but no secret of the connection is a base64 whsec_ key", CreemTestKit.Reason(result));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OneValidSignatureAmongSeveralIsEnough(bool validFirst)
    {
        var headers = new Dictionary<string, string>(StandardHeaders(CreemBody, CreemTestKit.Now, "evt_std_1"));
        var valid = headers["webhook-signature"];
        var other = "v1," + Convert.ToBase64String(new byte[32]);
        headers["webhook-signature"] = validFirst ? $"{valid} {other}" : $"{other} {valid}";
        Assert.IsType<VerificationResult.Verified>(Verify(CreemTestKit.Request(CreemBody, headers)));
    }

    private VerificationResult Verify(RawWebhook raw) =>
        _provider.Verify(raw, [CreemTestKit.StandardSecret], TimeSpan.FromMinutes(5), CreemTestKit.Now);

    private static RawWebhook StandardSigned(string body, DateTimeOffset timestamp, string messageId) =>
        CreemTestKit.Request(body, StandardHeaders(body, timestamp, messageId));

    private static IReadOnlyDictionary<string, string> StandardHeaders(string body, DateTimeOffset timestamp, string messageId) =>
        StandardWebhooks.Sign(StandardWebhooks.DecodeWhsecKey(CreemTestKit.StandardSecret)!, Encoding.UTF8.GetBytes(body), timestamp, messageId);

    private static string CreemSignatureOf(string body, string secret) =>
        new CreemProvider().Sign(Encoding.UTF8.GetBytes(body), secret, CreemTestKit.Now, "unused")["creem-signature"];
}
