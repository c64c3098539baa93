using System.Text.Json.Nodes;
using Bridge.Providers.Stripe;
using Bridge.Providers.Tests.Fixtures;

namespace Bridge.Providers.Tests.Stripe;

internal static class StripeTestKit
{
    public const string Secret = "whsec_test_affonso_0123456789abcdef";
    public const string OtherSecret = "whsec_other_fedcba9876543210";
    public const string ClickId = "clk_01JC2V7Q9X4M8N6P3R5T7W9Y0A";

    public static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1735689600);
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);

    public static StripeProvider Provider { get; } = new();

    public static byte[] Fixture(string name) => FixtureCases.Load("stripe", name).Body;

    /// <summary>A fixture body with <paramref name="edit"/> applied to its <c>data.object</c>.</summary>
    public static byte[] EditObject(string fixture, Action<JsonObject> edit) =>
        Edit(fixture, root => edit(root["data"]!["object"]!.AsObject()));

    public static byte[] Edit(string fixture, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Fixture(fixture))!.AsObject();
        edit(root);
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    public static RawWebhook Request(byte[] body, string? signatureHeader)
    {
        var headers = new Dictionary<string, string> { ["Content-Type"] = "application/json; charset=utf-8" };
        if (signatureHeader is not null)
            headers["Stripe-Signature"] = signatureHeader;
        return new RawWebhook("stripe", new WebhookHeaders(headers), body, SignedAt);
    }

    public static RawWebhook Signed(byte[] body, string secret = Secret) =>
        Request(body, Provider.Sign(body, secret, SignedAt, "ignored")["Stripe-Signature"]);

    public static VerificationResult Verify(RawWebhook webhook, DateTimeOffset? now = null, params string[] secrets) =>
        Provider.Verify(webhook, secrets.Length == 0 ? [Secret] : secrets, Tolerance, now ?? SignedAt.AddSeconds(1));

    public static VerifiedWebhook Verified(byte[] body) =>
        Assert.IsType<VerificationResult.Verified>(Verify(Signed(body))).Webhook;

    public static string Rejection(VerificationResult result) =>
        Assert.IsType<VerificationResult.Rejected>(result).Reason;

    public static MappingResult Map(byte[] body) => Provider.Map(Verified(body));

    public static PaymentEvent MapOne(byte[] body)
    {
        var mapping = Map(body);
        Assert.Null(mapping.Error);
        return Assert.Single(mapping.Events);
    }

    public static PaymentEvent MapFixture(string name) => MapOne(Fixture(name));
}
