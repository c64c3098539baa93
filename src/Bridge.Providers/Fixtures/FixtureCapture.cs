using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Bridge.Providers.Fixtures;

/// <summary>
/// Turns a verified delivery into a captured fixture: the body (byte-for-byte, or with e-mails and names masked) and
/// its sidecar — the delivery's headers minus signatures and transport noise, and what the adapter derives from the
/// body written as the expectation, so a replay of it can be checked.
/// </summary>
public static class FixtureCapture
{
    private static readonly HashSet<string> DroppedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Stripe-Signature", "Paddle-Signature", "webhook-signature", "webhook-timestamp", "creem-signature", "x-creem-signature",
        "Authorization", "Cookie", "Host", "Content-Length", "Connection", "Accept-Encoding", "Transfer-Encoding", "Expect",
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Real-IP", "traceparent", "tracestate",
    };

    private static readonly HashSet<string> NameProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        "name", "first_name", "last_name", "full_name", "customer_name", "business_name", "individual_name", "billing_name",
    };

    /// <summary>The fields a sidecar states by default (enough to check a replay, not so many that harmless changes break it).</summary>
    private static readonly string[] ExpectedFields =
    [
        "kind", "ignored_reason", "amount_minor", "cumulative_refunded_minor", "currency", "provider_payment_id", "refund_id",
        "customer_id", "subscription_id", "click_id", "external_user_id",
    ];

    public sealed record Capture(string FileName, byte[] Body, FixtureSidecar Sidecar);

    public static Capture Create(IPaymentProvider provider, VerifiedWebhook webhook, bool mask, DateTimeOffset capturedAt)
    {
        var body = mask ? Mask(webhook.Raw.Body) : webhook.Raw.Body;
        var derived = mask
            ? provider.Map(VerifiedWebhook.FromInbox(webhook.Raw with { Body = body }, webhook.EventId, webhook.EventType, webhook.LiveMode))
            : provider.Map(webhook);
        var sidecar = new FixtureSidecar
        {
            Provider = provider.Name,
            EventId = webhook.EventId,
            EventType = webhook.EventType,
            LiveMode = webhook.LiveMode,
            Headers = webhook.Raw.Headers.All
                .Where(header => !DroppedHeaders.Contains(header.Key))
                .ToDictionary(header => header.Key.ToLowerInvariant(), header => header.Value, StringComparer.OrdinalIgnoreCase),
            Payments = derived.Events.Select(Expectation).ToList(),
            Notes = $"captured {capturedAt:yyyy-MM-ddTHH:mm:ssZ}{(mask ? "; e-mails and names masked" : "; body byte-for-byte as delivered")}"
                    + (derived.Error is null ? "" : $"; the adapter could not map it: {derived.Error}"),
        };
        return new Capture(FileNameFor(webhook), body, sidecar);
    }

    public static JsonObject Expectation(PaymentEvent payment)
    {
        var flat = PaymentEventJson.ToFlat(payment);
        var expected = new JsonObject();
        foreach (var field in ExpectedFields)
            expected[field] = flat[field]?.DeepClone();
        return expected;
    }

    /// <summary><c>&lt;event type&gt;.&lt;event id&gt;</c> with anything unsafe for a file name replaced.</summary>
    public static string FileNameFor(VerifiedWebhook webhook) =>
        Safe(webhook.EventType) + "." + Safe(webhook.EventId);

    /// <summary>Replaces e-mail addresses and person/company names with stable placeholders (same input → same mask).</summary>
    public static byte[] Mask(byte[] body)
    {
        var node = JsonNode.Parse(body);
        if (node is null)
            return body;
        MaskNode(node);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private static void MaskNode(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is JsonValue leaf && leaf.TryGetValue<string>(out var text))
                        obj[name] = MaskText(name, text);
                    else if (value is not null)
                        MaskNode(value);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue leaf && leaf.TryGetValue<string>(out var text))
                        array[i] = MaskText("", text);
                    else if (array[i] is { } child)
                        MaskNode(child);
                }
                break;
        }
    }

    private static string MaskText(string property, string text)
    {
        if (text.Contains('@') && text.IndexOf('.', text.IndexOf('@')) > 0 && !text.Contains(' '))
            return $"masked-{Digest(text)}@example.com";
        if (NameProperties.Contains(property) && text.Length > 0)
            return $"Masked {Digest(text)}";
        return text;
    }

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];

    private static string Safe(string text) =>
        new(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_').ToArray());
}
