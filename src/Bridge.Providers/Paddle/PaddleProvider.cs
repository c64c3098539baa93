using System.Globalization;
using Bridge.Providers.Signing;

namespace Bridge.Providers.Paddle;

/// <summary>
/// Paddle Billing notifications (not Paddle Classic). <c>Paddle-Signature: ts=…;h1=…</c> is HMAC-SHA256 over
/// <c>"{ts}:{raw body}"</c>, keyed with the whole endpoint secret (<c>pdl_ntfset_…</c>) as UTF-8 bytes; any <c>h1</c>
/// may match any secret. The event id is the body's <c>event_id</c>; payloads do not tell live from sandbox.
/// <list type="bullet">
/// <item><c>transaction.completed</c> and <c>transaction.paid</c> (one payment told twice: both name the transaction
/// id): origin <c>web</c>/<c>api</c> → Initial; <c>subscription_recurring</c>, <c>subscription_charge</c>,
/// <c>subscription_update</c> → Renewal; <c>subscription_payment_method_change</c> → Ignored (zero-amount card update).</item>
/// <item><c>adjustment.created</c>/<c>adjustment.updated</c>: approved <c>refund</c> → Refund, approved
/// <c>chargeback</c> → Dispute, both keyed by the adjustment id; pending, rejected, credits, warnings and
/// reversals → Ignored.</item>
/// <item>Everything else → Ignored.</item>
/// </list>
/// </summary>
public sealed class PaddleProvider : IPaymentProvider
{
    public const string SecretPrefix = "pdl_ntfset_";

    public string Name => "paddle";

    /// <summary>
    /// 300 s. Paddle's own SDKs allow only 5 s (and never reject future timestamps), which fails on ordinary clock skew
    /// between Paddle and the host; five minutes still bounds replays and is what Stripe uses. The host can set a
    /// tighter or looser window per connection; both directions are checked.
    /// </summary>
    public TimeSpan? DefaultTolerance => TimeSpan.FromSeconds(300);

    public string? CheckSecret(string secret)
    {
        if (string.IsNullOrEmpty(secret))
            return "the secret is empty";
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
            return $"a Paddle notification secret starts with '{SecretPrefix}' (Notifications → destination → secret key)";
        if (secret.Length == SecretPrefix.Length)
            return $"the secret has nothing after '{SecretPrefix}'";
        if (secret.Any(char.IsWhiteSpace))
            return "the secret contains whitespace; paste it exactly as Paddle shows it";
        return null;
    }

    public VerificationResult Verify(RawWebhook webhook, IReadOnlyList<string> secrets, TimeSpan tolerance, DateTimeOffset now)
    {
        var headerValue = webhook.Headers[PaddleSignatureHeader.HeaderName];
        if (string.IsNullOrWhiteSpace(headerValue))
            return VerificationResult.Reject($"missing {PaddleSignatureHeader.HeaderName} header");
        var header = PaddleSignatureHeader.Parse(headerValue);
        if (header.Problem() is { } problem)
            return VerificationResult.Reject(problem);
        if (!secrets.Any(secret => !string.IsNullOrEmpty(secret)))
            return VerificationResult.Reject("the connection has no secret");

        if (!AnySignatureMatches(webhook.Body, header, secrets))
            return VerificationResult.Reject("no signature matches the connection's secret");
        if (TimestampWindow.Check(header.Timestamp, tolerance, now) is { } timestampProblem)
            return VerificationResult.Reject(timestampProblem);

        return VerificationResult.Accept(webhook, PaddlePayloads.Identify);
    }

    public MappingResult Map(VerifiedWebhook webhook) => PaddlePayloads.Map(webhook);

    public IReadOnlyDictionary<string, string> Sign(byte[] body, string secret, DateTimeOffset timestamp, string eventId)
    {
        var unixSeconds = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Hmac.ToHex(Digest(secret, unixSeconds, body));
        return new Dictionary<string, string>
        {
            [PaddleSignatureHeader.HeaderName] = PaddleSignatureHeader.Format(unixSeconds, signature),
        };
    }

    private static bool AnySignatureMatches(byte[] body, PaddleSignatureHeader header, IReadOnlyList<string> secrets)
    {
        var matched = false;
        foreach (var secret in secrets.Where(secret => !string.IsNullOrEmpty(secret)))
        {
            var expected = Digest(secret, header.Timestamp, body);
            // Every candidate is compared so the time taken does not tell which one matched.
            foreach (var candidate in header.Signatures)
                matched |= Hmac.HexEquals(candidate, expected);
        }
        return matched;
    }

    private static byte[] Digest(string secret, string unixSeconds, byte[] body) =>
        Hmac.Sha256(Encoding.UTF8.GetBytes(secret), unixSeconds + ":", body);
}
