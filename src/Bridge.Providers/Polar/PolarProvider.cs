using Bridge.Providers.Json;
using Bridge.Providers.Signing;

namespace Bridge.Providers.Polar;

/// <summary>
/// Polar (polar.sh). Standard Webhooks signatures keyed with the secret's own UTF-8 bytes; the event id is the
/// <c>webhook-id</c> header and the type is the body's <c>type</c>. Live/test mode is unknown (the sandbox is a separate
/// server with its own secrets).
/// <list type="bullet">
/// <item><c>order.paid</c>, by <c>billing_reason</c>: <c>purchase</c> and <c>subscription_create</c> → Initial;
/// <c>subscription_cycle</c> → Renewal; <c>subscription_update</c> (a plan-change charge) → Renewal, because it is
/// recurring revenue from a customer who already converted, not a new conversion.</item>
/// <item><c>refund.created</c> / <c>refund.updated</c> with status <c>succeeded</c> → Refund of the order, tax included;
/// a refund that prevented a dispute is still a refund (Polar has no dispute event). Other statuses → Ignored.</item>
/// <item><c>order.refunded</c> → Refund carrying the order's cumulative refunded total (tax included).</item>
/// <item><c>order.created</c> and <c>order.updated</c> (the same order told again; counted on <c>order.paid</c>) and
/// every other event → Ignored.</item>
/// </list>
/// </summary>
public sealed class PolarProvider : IPaymentProvider
{
    public string Name => "polar";

    public TimeSpan? DefaultTolerance => TimeSpan.FromSeconds(300);

    public string? CheckSecret(string secret)
    {
        if (string.IsNullOrEmpty(secret))
            return "the Polar webhook secret is empty";
        if (secret.Trim().Length != secret.Length)
            return "the Polar webhook secret has leading or trailing whitespace; copy it again from the Polar dashboard";
        return null;
    }

    public VerificationResult Verify(RawWebhook webhook, IReadOnlyList<string> secrets, TimeSpan tolerance, DateTimeOffset now)
    {
        var keys = secrets.Where(secret => !string.IsNullOrEmpty(secret)).Select(KeyOf).ToList();
        if (keys.Count == 0)
            return VerificationResult.Reject("no Polar webhook secret is configured");

        var failure = StandardWebhooks.Verify(webhook, keys, tolerance, now);
        if (failure is not null)
            return VerificationResult.Reject(failure);

        var eventId = webhook.Headers[StandardWebhooks.IdHeader]!;
        return VerificationResult.Accept(webhook, payload => new EventIdentity(eventId, payload.Str("type") ?? "", LiveMode: null));
    }

    public MappingResult Map(VerifiedWebhook webhook) => PolarPayloads.Map(webhook);

    public IReadOnlyDictionary<string, string> Sign(byte[] body, string secret, DateTimeOffset timestamp, string eventId) =>
        StandardWebhooks.Sign(KeyOf(secret), body, timestamp, eventId);

    /// <summary>
    /// Polar's SDK base64-encodes the secret before <c>standardwebhooks</c> base64-decodes it again, so the HMAC key is
    /// the secret's own bytes (never base64-decode a Polar secret).
    /// </summary>
    private static byte[] KeyOf(string secret) => Encoding.UTF8.GetBytes(secret);
}
