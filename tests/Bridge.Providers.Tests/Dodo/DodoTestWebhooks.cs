using System.Text.Json.Nodes;
using Bridge.Providers.Dodo;
using Bridge.Providers.Tests.Fixtures;

namespace Bridge.Providers.Tests.Dodo;

/// <summary>Secrets, signed requests and body variants shared by the Dodo tests.</summary>
internal static class DodoTestWebhooks
{
    public static readonly string Secret = "whsec_" + Convert.ToBase64String("affonso-bridge-dodo-fixture-key!"u8.ToArray());

    public static readonly string OtherSecret = "whsec_" + Convert.ToBase64String("some-other-dodo-endpoint-secret!"u8.ToArray());

    public static readonly DateTimeOffset Now = new(2025, 9, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static RawWebhook Signed(byte[] body, string secret, DateTimeOffset timestamp, string eventId = "msg_test_01")
    {
        var headers = new Dictionary<string, string> { ["content-type"] = "application/json" };
        foreach (var (name, value) in new DodoProvider().Sign(body, secret, timestamp, eventId))
            headers[name] = value;
        return new RawWebhook("dodo", new WebhookHeaders(headers), body, Now);
    }

    public static RawWebhook WithHeaders(RawWebhook raw, Action<Dictionary<string, string>> change)
    {
        var headers = new Dictionary<string, string>(raw.Headers.All, StringComparer.OrdinalIgnoreCase);
        change(headers);
        return raw with { Headers = new WebhookHeaders(headers) };
    }

    public static VerifiedWebhook Verify(byte[] body, string eventId = "msg_test_01")
    {
        var raw = Signed(body, Secret, Now, eventId);
        var result = new DodoProvider().Verify(raw, [Secret], Tolerance, Now);
        return Assert.IsType<VerificationResult.Verified>(result).Webhook;
    }

    public static MappingResult Map(byte[] body) => new DodoProvider().Map(Verify(body));

    public static PaymentEvent MapOne(byte[] body)
    {
        var mapping = Map(body);
        Assert.Null(mapping.Error);
        return Assert.Single(mapping.Events);
    }

    /// <summary>A fixture body with its JSON changed (for edge cases the captured events do not show).</summary>
    public static byte[] Variant(string fixture, Action<JsonObject> change)
    {
        var body = JsonNode.Parse(FixtureCases.Load("dodo", fixture).Body)!.AsObject();
        change(body);
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    public static byte[] DataVariant(string fixture, Action<JsonObject> change) =>
        Variant(fixture, body => change(body["data"]!.AsObject()));

    public static byte[] Fixture(string fixture) => FixtureCases.Load("dodo", fixture).Body;
}
