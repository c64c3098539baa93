using System.Text.Json.Nodes;
using Bridge.Providers.Polar;
using Bridge.Providers.Signing;

namespace Bridge.Providers.Tests.Polar;

/// <summary>Signs, verifies and maps Polar bodies for the tests; the reference vector's inputs live here.</summary>
internal static class PolarTestKit
{
    public const string Secret = "polar_whs_test_secret_123";

    public const string VectorId = "msg_2Lf0aQ3uV0qW7x9yZ";
    public const string VectorTimestamp = "1735689600";
    public const string VectorBody = """{"type":"order.paid","timestamp":"2025-01-01T00:00:00Z","data":{"id":"ord_1","total_amount":2000}}""";
    public const string VectorSignature = "v1,HDOupdFEQrKX6RDmhCJ/MehVvdVbTTTO5kt+di9edn4=";

    public static readonly DateTimeOffset VectorTime = DateTimeOffset.FromUnixTimeSeconds(long.Parse(VectorTimestamp));

    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static RawWebhook VectorWebhook(string signature = VectorSignature, string body = VectorBody) =>
        Webhook(body,
            (StandardWebhooks.IdHeader, VectorId),
            (StandardWebhooks.TimestampHeader, VectorTimestamp),
            (StandardWebhooks.SignatureHeader, signature));

    public static RawWebhook Webhook(string body, params (string Name, string Value)[] headers) =>
        new("polar", new WebhookHeaders(headers.Select(header => KeyValuePair.Create(header.Name, header.Value))),
            Encoding.UTF8.GetBytes(body), Now);

    /// <summary>The body signed with <paramref name="secret"/> at <paramref name="at"/> (default <see cref="Now"/>), as Polar would deliver it.</summary>
    public static RawWebhook Signed(string body, string eventId = "msg_test_0001", string secret = Secret, DateTimeOffset? at = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var headers = new PolarProvider().Sign(bytes, secret, at ?? Now, eventId);
        return new RawWebhook("polar", new WebhookHeaders(headers), bytes, Now);
    }

    public static VerificationResult Verify(RawWebhook webhook, params string[] secrets)
    {
        var provider = new PolarProvider();
        return provider.Verify(webhook, secrets.Length == 0 ? [Secret] : secrets, provider.DefaultTolerance!.Value, Now);
    }

    public static VerifiedWebhook Verified(string body, string eventId = "msg_test_0001") =>
        Assert.IsType<VerificationResult.Verified>(Verify(Signed(body, eventId))).Webhook;

    public static string Rejection(VerificationResult result) => Assert.IsType<VerificationResult.Rejected>(result).Reason;

    public static MappingResult Map(string body) => new PolarProvider().Map(Verified(body));

    public static PaymentEvent SinglePayment(string body)
    {
        var mapping = Map(body);
        Assert.Null(mapping.Error);
        return Assert.Single(mapping.Events);
    }

    public static string FixtureBody(string name) =>
        File.ReadAllText(Path.Combine(RepoPaths.FixturesOf("polar"), name + ".json"));

    /// <summary>A paid EUR order (net 1000 + tax 190), edited by <paramref name="edit"/> (which gets <c>data</c>).</summary>
    public static string Order(string type = "order.paid", Action<JsonObject>? edit = null) => Envelope(type, """
        {"id":"ord_9","status":"paid","billing_reason":"purchase","net_amount":1000,"tax_amount":190,"total_amount":1190,
         "refunded_amount":0,"refunded_tax_amount":0,"currency":"eur","customer_id":"cus_1","subscription_id":null,
         "checkout_id":"chk_1","metadata":{},"customer":{"id":"cus_1","email":"jane@example.com","external_id":null}}
        """, edit);

    /// <summary>A succeeded EUR refund of <c>ord_9</c> (amount 1000 + tax 190), edited by <paramref name="edit"/>.</summary>
    public static string Refund(string type = "refund.created", Action<JsonObject>? edit = null) => Envelope(type, """
        {"id":"ref_1","status":"succeeded","reason":"customer_request","amount":1000,"tax_amount":190,"currency":"eur",
         "order_id":"ord_9","subscription_id":null,"customer_id":"cus_1","metadata":{},"dispute":null}
        """, edit);

    private static string Envelope(string type, string data, Action<JsonObject>? edit)
    {
        var dataNode = JsonNode.Parse(data)!.AsObject();
        edit?.Invoke(dataNode);
        return new JsonObject { ["type"] = type, ["timestamp"] = "2025-05-01T10:00:00Z", ["data"] = dataNode }.ToJsonString();
    }
}
