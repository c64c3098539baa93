using Bridge.Providers.Json;

namespace Bridge.Providers.Stripe;

/// <summary>
/// Stripe snapshot webhooks (<c>object: "event"</c>). The signature is checked by Stripe.net's
/// <c>EventUtility.ValidateSignature</c> (past and future timestamps limited); the JSON is read here, so an endpoint's
/// API version cannot break verification. Events map as follows:
/// <list type="bullet">
/// <item><c>checkout.session.completed</c> (paid) and <c>checkout.session.async_payment_succeeded</c> → Initial, keyed
/// by the PaymentIntent (payment mode) or by the first invoice (subscription mode, the key <c>invoice.paid</c> gives too);
/// unpaid, free and setup-mode sessions → Ignored.</item>
/// <item><c>invoice.paid</c> / <c>invoice.payment_succeeded</c> → Initial (<c>subscription_create</c>) or Renewal,
/// keyed by the invoice; zero-amount and non-subscription invoices → Ignored.</item>
/// <item><c>charge.refunded</c> → Refund with the cumulative amount refunded; <c>refund.created</c> /
/// <c>refund.updated</c> → Refund once <c>succeeded</c>, else Ignored.</item>
/// <item><c>charge.dispute.created</c> → Dispute.</item>
/// <item>Thin events (<c>v2.core.event</c>) and every other type → Ignored.</item>
/// </list>
/// </summary>
public sealed class StripeProvider : IPaymentProvider
{
    public const string SecretPrefix = "whsec_";

    public string Name => "stripe";

    public TimeSpan? DefaultTolerance => TimeSpan.FromSeconds(global::Stripe.EventUtility.DefaultTimeTolerance);

    public string? CheckSecret(string secret)
    {
        if (string.IsNullOrWhiteSpace(secret) || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length == SecretPrefix.Length)
            return $"a Stripe webhook signing secret starts with {SecretPrefix} (copy it from the endpoint's page in the Stripe Dashboard)";
        if (secret.Trim() != secret)
            return "the signing secret has leading or trailing whitespace";
        return null;
    }

    public VerificationResult Verify(RawWebhook webhook, IReadOnlyList<string> secrets, TimeSpan tolerance, DateTimeOffset now)
    {
        var failure = StripeSignature.Check(webhook, secrets, tolerance, now);
        return failure is null ? VerificationResult.Accept(webhook, Identify) : VerificationResult.Reject(failure);
    }

    public MappingResult Map(VerifiedWebhook webhook) => StripePayloads.Map(webhook);

    public IReadOnlyDictionary<string, string> Sign(byte[] body, string secret, DateTimeOffset timestamp, string eventId) =>
        new Dictionary<string, string> { [StripeSignature.HeaderName] = StripeSignature.Create(body, secret, timestamp) };

    private static EventIdentity? Identify(JsonElement payload) =>
        payload.Str("id") is { } id ? new EventIdentity(id, payload.Str("type") ?? "", payload.Bool("livemode")) : null;
}
