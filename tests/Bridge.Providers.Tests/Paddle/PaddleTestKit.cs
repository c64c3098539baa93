using Bridge.Providers.Paddle;
using Bridge.Providers.Tests.Fixtures;

namespace Bridge.Providers.Tests.Paddle;

/// <summary>Secrets, the reference vectors, and a helper that signs, verifies and maps a body.</summary>
internal static class PaddleTestKit
{
    public const string Secret = "pdl_ntfset_01hs0t3tw21j988db1pam5xg8m_GrOWLNef+vmtjJYq4mSnHNzvc8uWoJ1I";
    public const string OtherSecret = "pdl_ntfset_01jgx7rz6hk4m2p9q8s5t3v1wc_Zq3Xk9Lm2Np4Rs6Tu8Vw0Yz1Ab3Cd5Ef";
    public const string SignatureHeader = "Paddle-Signature";

    public const string P0Body = """{"data":{"id":"ctm_01hs0tqf76sxmp7ba5e4mw1sc8","name":"John Doe","email":"blackhole+verification2@paddle.com","locale":"en","status":"active","created_at":"2024-03-15T10:32:37.862Z","updated_at":"2024-03-15T10:32:37.862Z","custom_data":null,"import_meta":null,"marketing_consent":false},"event_id":"evt_01hs0tqfme2xwb2hvwv87p8y3w","event_type":"customer.created","occurred_at":"2024-03-15T10:32:38.286848Z","notification_id":"ntf_01hs0tqfrhgkyp39x4wyvy7h6n"}""";
    public const long P0Timestamp = 1710498758;
    public const string P0Signature = "558bf93944dbeb4790c7a8af6cb2ea435c8ca9c8396aafc1a4e37424ac132744";

    public const string P1Body = """{"event_id":"evt_01jgx0000000000000000000aa","event_type":"transaction.completed","occurred_at":"2025-01-01T00:00:00.000000Z","notification_id":"ntf_01jgx0000000000000000000bb","data":{"id":"txn_01jgx0000000000000000000cc"}}""";
    public const long P1Timestamp = 1735689600;
    public const string P1Signature = "abaf076d71bb98421c14e767a46c06cec4e25918fc5a3051820e8b7ffe5f7673";

    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static DateTimeOffset At(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

    public static RawWebhook Raw(byte[] body, string? signatureHeader, DateTimeOffset receivedAt)
    {
        var headers = new Dictionary<string, string> { ["content-type"] = "application/json" };
        if (signatureHeader is not null)
            headers[SignatureHeader] = signatureHeader;
        return new RawWebhook("paddle", new WebhookHeaders(headers), body, receivedAt);
    }

    public static RawWebhook Raw(string body, string? signatureHeader, DateTimeOffset receivedAt) =>
        Raw(Encoding.UTF8.GetBytes(body), signatureHeader, receivedAt);

    public static string SignatureOf(byte[] body, string secret, DateTimeOffset timestamp) =>
        new PaddleProvider().Sign(body, secret, timestamp, "")[SignatureHeader];

    /// <summary>The <c>h1</c> hex of a signature header made by <see cref="PaddleProvider.Sign"/>.</summary>
    public static string H1Of(byte[] body, string secret, DateTimeOffset timestamp) =>
        SignatureOf(body, secret, timestamp).Split(";h1=")[1];

    public static VerificationResult Verify(RawWebhook raw, DateTimeOffset now, params string[] secrets) =>
        new PaddleProvider().Verify(raw, secrets, Tolerance, now);

    /// <summary>Signs and verifies a body now, and maps it.</summary>
    public static MappingResult Map(string body)
    {
        var now = DateTimeOffset.UtcNow;
        var bytes = Encoding.UTF8.GetBytes(body);
        var raw = Raw(bytes, SignatureOf(bytes, Secret, now), now);
        var verified = Assert.IsType<VerificationResult.Verified>(Verify(raw, now, Secret)).Webhook;
        return new PaddleProvider().Map(verified);
    }

    public static PaymentEvent MapOne(string body)
    {
        var mapping = Map(body);
        Assert.Null(mapping.Error);
        return Assert.Single(mapping.Events);
    }

    public static string FixtureBody(string name) => Encoding.UTF8.GetString(FixtureCases.Load("paddle", name).Body);

    public static PaymentEvent MapFixture(string name) => MapOne(FixtureBody(name));
}
