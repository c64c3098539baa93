namespace Bridge.Providers.Contract;

public enum PaymentKind
{
    /// <summary>A one-time purchase or the first payment of a subscription.</summary>
    Initial,

    /// <summary>A later payment of a subscription.</summary>
    Renewal,

    /// <summary>
    /// A subscription payment the provider does not label as first or later (Dodo). The engine decides from state:
    /// the first payment it sees for the subscription is the initial one, later ones are renewals.
    /// </summary>
    SubscriptionPayment,

    /// <summary>Money returned to the customer for an earlier payment.</summary>
    Refund,

    /// <summary>A chargeback opened against an earlier payment.</summary>
    Dispute,

    /// <summary>Not a payment (unpaid checkout, pending refund, companion event...). <see cref="PaymentEvent.IgnoredReason"/> says why.</summary>
    Ignored,
}

/// <summary>Attribution hints carried by a payment: which referral it belongs to, as far as the payload tells.</summary>
public sealed record AttributionHints(string? ClickId = null, string? ExternalUserId = null, string? Email = null)
{
    public static AttributionHints None { get; } = new();
}

/// <summary>
/// One normalized payment fact, the same for every provider. Amounts are integers in the currency's minor unit;
/// the currency is an upper-case ISO 4217 code.
/// </summary>
public sealed record PaymentEvent
{
    public required PaymentKind Kind { get; init; }

    /// <summary>Why the event is not a payment (only for <see cref="PaymentKind.Ignored"/>).</summary>
    public string? IgnoredReason { get; init; }

    public required string ProviderEventId { get; init; }

    /// <summary>
    /// The payment being paid, refunded or disputed (Stripe PaymentIntent or Invoice, Paddle transaction, Polar order,
    /// Dodo payment, Creem transaction). Two events naming the same payment are one payment.
    /// </summary>
    public string? ProviderPaymentId { get; init; }

    /// <summary>Other ids that name the same payment (e.g. a Stripe checkout session or charge id).</summary>
    public IReadOnlyList<string> PaymentAliases { get; init; } = [];

    /// <summary>The refund's own id, when the provider gives one (dedupes a refund told twice).</summary>
    public string? RefundId { get; init; }

    /// <summary>Initial/renewal: what the customer was charged, tax included. Refund: refunded by this event. Dispute: disputed.</summary>
    public long AmountMinor { get; init; }

    /// <summary>For refunds reported as a running total (Stripe <c>charge.refunded</c>): the total refunded so far on the payment.</summary>
    public long? CumulativeRefundedMinor { get; init; }

    /// <summary>The amount before tax, when the payload gives it (used when the program's commission base is the subtotal).</summary>
    public long? SubtotalMinor { get; init; }

    public string Currency { get; init; } = "";

    public string? CustomerId { get; init; }

    public string? SubscriptionId { get; init; }

    /// <summary>Evidence that this payment came from a checkout (e.g. Dodo <c>checkout_session_id</c>): marks the first payment.</summary>
    public string? CheckoutReference { get; init; }

    public AttributionHints Attribution { get; init; } = AttributionHints.None;

    public DateTimeOffset OccurredAt { get; init; }

    public static PaymentEvent Ignore(string eventId, string reason, DateTimeOffset occurredAt = default) => new()
    {
        Kind = PaymentKind.Ignored,
        ProviderEventId = eventId,
        IgnoredReason = reason,
        OccurredAt = occurredAt,
    };
}

/// <summary>What <see cref="IPaymentProvider.Map"/> produced: payment events, or why the payload could not be read.</summary>
public sealed record MappingResult(IReadOnlyList<PaymentEvent> Events, string? Error = null)
{
    public static MappingResult Of(params PaymentEvent[] events) => new(events);

    public static MappingResult Fail(string error) => new([], error);
}
