using Bridge.Providers.Creem;

namespace Bridge.Providers.Tests.Creem;

/// <summary>Builds signed Creem requests for tests.</summary>
internal static class CreemTestKit
{
    public const string Secret = "whsec_creem_test_secret";

    /// <summary>A Standard Webhooks secret (base64 after <c>whsec_</c>), from the standard-webhooks spec's test vector.</summary>
    public const string StandardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_746_093_610);

    public static RawWebhook Request(string body, IReadOnlyDictionary<string, string> headers) =>
        Request(Encoding.UTF8.GetBytes(body), headers);

    public static RawWebhook Request(byte[] body, IReadOnlyDictionary<string, string> headers) =>
        new("creem", new WebhookHeaders(headers), body, Now);

    public static RawWebhook Signed(string body, string secret = Secret) =>
        Request(body, new CreemProvider().Sign(Encoding.UTF8.GetBytes(body), secret, Now, "unused"));

    public static VerificationResult Verify(RawWebhook raw, params string[] secrets) =>
        new CreemProvider().Verify(raw, secrets, TimeSpan.FromMinutes(5), Now);

    public static VerifiedWebhook Verified(string body) =>
        Assert.IsType<VerificationResult.Verified>(Verify(Signed(body), Secret)).Webhook;

    public static MappingResult Map(string body) => new CreemProvider().Map(Verified(body));

    public static PaymentEvent SinglePayment(string body)
    {
        var mapping = Map(body);
        Assert.Null(mapping.Error);
        return Assert.Single(mapping.Events);
    }

    public static string Reason(VerificationResult result) => Assert.IsType<VerificationResult.Rejected>(result).Reason;
}
