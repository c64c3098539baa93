using Bridge.Providers.Json;
using Bridge.Providers.Signing;

namespace Bridge.Providers.Creem;

/// <summary>
/// Creem (creem.io). Signature: <c>creem-signature</c> = hex HMAC-SHA256 of the raw body keyed with the secret's
/// UTF-8 bytes, no timestamp (dedupe relies on the body <c>id</c>); when all three Standard Webhooks headers are
/// present the Standard Webhooks scheme is verified instead, as the official <c>creem</c> SDK does.
/// Events:
/// <list type="bullet">
/// <item><c>checkout.completed</c> → <see cref="PaymentKind.Initial"/> (one-time purchase, or first payment of a subscription).</item>
/// <item><c>subscription.paid</c> → <see cref="PaymentKind.Renewal"/> of <c>last_transaction_id</c>.</item>
/// <item><c>refund.created</c> → <see cref="PaymentKind.Refund"/> of <c>transaction.id</c> (pending/failed refunds are ignored).</item>
/// <item><c>dispute.created</c> → <see cref="PaymentKind.Dispute"/> of <c>transaction.id</c>.</item>
/// <item>Everything else (<c>subscription.active</c>, <c>.canceled</c>, ...) → ignored.</item>
/// </list>
/// Payments are named by their Creem transaction id, with the order and checkout ids as aliases.
/// </summary>
public sealed class CreemProvider : IPaymentProvider
{
    public string Name => "creem";

    public TimeSpan? DefaultTolerance => null;

    public string? CheckSecret(string secret) =>
        string.IsNullOrWhiteSpace(secret) ? "the Creem webhook secret is empty" : null;

    public VerificationResult Verify(RawWebhook webhook, IReadOnlyList<string> secrets, TimeSpan tolerance, DateTimeOffset now)
    {
        var usableSecrets = secrets.Where(secret => !string.IsNullOrWhiteSpace(secret)).ToList();
        if (usableSecrets.Count == 0)
            return VerificationResult.Reject("the connection has no signing secret");

        var standard = CarriesStandardWebhooksHeaders(webhook.Headers);
        var failure = standard
            ? VerifyStandardWebhooks(webhook, usableSecrets, tolerance, now)
            : CreemSignature.Verify(webhook, usableSecrets);
        if (failure is not null)
            return VerificationResult.Reject(failure);

        var signedMessageId = standard ? webhook.Headers[StandardWebhooks.IdHeader] : null;
        return VerificationResult.Accept(webhook, payload => Identify(payload, signedMessageId));
    }

    public MappingResult Map(VerifiedWebhook webhook) =>
        CreemPayloads.Map(webhook.Payload, webhook.EventId, webhook.EventType);

    /// <summary>The documented scheme: one <c>creem-signature</c> header; timestamp and event id are not signed.</summary>
    public IReadOnlyDictionary<string, string> Sign(byte[] body, string secret, DateTimeOffset timestamp, string eventId) =>
        new Dictionary<string, string> { [CreemSignature.Header] = CreemSignature.Sign(body, secret) };

    private static bool CarriesStandardWebhooksHeaders(WebhookHeaders headers) =>
        headers[StandardWebhooks.IdHeader] is not null &&
        headers[StandardWebhooks.TimestampHeader] is not null &&
        headers[StandardWebhooks.SignatureHeader] is not null;

    private static string? VerifyStandardWebhooks(RawWebhook webhook, IReadOnlyList<string> secrets, TimeSpan tolerance, DateTimeOffset now)
    {
        var keys = secrets.Select(StandardWebhooks.DecodeWhsecKey).OfType<byte[]>().ToList();
        if (keys.Count == 0)
            return "the request carries Standard Webhooks headers but no secret of the connection is a base64 whsec_ key";
        return StandardWebhooks.Verify(webhook, keys, tolerance, now);
    }

    /// <summary>The body <c>id</c> is the event id; the signed <c>webhook-id</c> stands in only when the body has none.</summary>
    private static EventIdentity? Identify(JsonElement payload, string? signedMessageId)
    {
        var eventId = payload.Str("id") ?? signedMessageId;
        return eventId is null ? null : new EventIdentity(eventId, payload.Str("eventType") ?? "", LiveMode(payload));
    }

    private static bool? LiveMode(JsonElement payload) => payload.Str("object", "mode") switch
    {
        "prod" => true,
        "test" or "sandbox" => false,
        _ => null,
    };
}
