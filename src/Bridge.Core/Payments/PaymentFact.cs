namespace Bridge.Core.Payments;

public enum FactKind
{
    Initial,
    Renewal,
    /// <summary>First or later payment of a subscription, decided from what the store has seen.</summary>
    SubscriptionPayment,
    Refund,
    Dispute,
}

/// <summary>
/// One payment fact for the engine: a normalized provider event (mapped by the host from the adapter's output) or a
/// conversion reported through the API. Money is integer minor units of <see cref="Currency"/>.
/// </summary>
public sealed record PaymentFact
{
    public required FactKind Kind { get; init; }

    /// <summary><c>stripe</c>, <c>polar</c>… or <c>api</c> for the conversions API.</summary>
    public required string Provider { get; init; }

    /// <summary>What caused it (inbound event id, or the API's external_event_id): written on every ledger row.</summary>
    public required string SourceEventId { get; init; }

    public string? ProviderPaymentId { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public string? RefundId { get; init; }
    public long AmountMinor { get; init; }
    public long? CumulativeRefundedMinor { get; init; }
    public long? SubtotalMinor { get; init; }
    public string Currency { get; init; } = "";
    public string? CustomerId { get; init; }
    public string? SubscriptionId { get; init; }
    public string? CheckoutReference { get; init; }
    public string? ClickId { get; init; }
    public string? ExternalUserId { get; init; }
    public string? Email { get; init; }
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>A referral named explicitly (conversions API): attribution goes straight to it.</summary>
    public string? ReferralId { get; init; }

    /// <summary>Conversions API overrides and extras.</summary>
    public string? StatusOverride { get; init; }
    public string? SalesStatusOverride { get; init; }
    public string? ExternalEventId { get; init; }
    public string? MetadataJson { get; init; }
    public bool IsSubscription { get; init; }

    /// <summary>The parking window is over: decide with what is known instead of waiting longer.</summary>
    public bool FinalAttempt { get; init; }

    /// <summary>Every id that names the payment this fact is about.</summary>
    public IReadOnlyList<string> PaymentIds =>
        (ProviderPaymentId is null ? Aliases : Aliases.Prepend(ProviderPaymentId)).Where(id => !string.IsNullOrEmpty(id)).Distinct().ToList();
}

/// <summary>What the engine did with a fact.</summary>
public sealed record FactOutcome
{
    public required string Result { get; init; }
    public string? Reason { get; init; }
    public string? PaymentId { get; init; }
    public string? ReferralId { get; init; }
    public IReadOnlyList<string> CommissionIds { get; init; } = [];

    /// <summary>When parked: the keys whose arrival should wake this fact (e.g. <c>payment:stripe:pi_123</c>).</summary>
    public IReadOnlyList<string> WaitingFor { get; init; } = [];

    /// <summary>Keys this fact satisfied, so facts parked on them can run right after.</summary>
    public IReadOnlyList<string> Satisfies { get; init; } = [];

    public bool IsParked => Result == Outcomes.Parked;
    public bool IsFailed => Result == Outcomes.Failed;
}

public static class Outcomes
{
    public const string Counted = "counted";
    public const string Unattributed = "unattributed";
    public const string Duplicate = "duplicate";
    public const string Refunded = "refunded";
    public const string Disputed = "disputed";
    public const string Parked = "parked";
    public const string Failed = "failed";
}

/// <summary>Keys parked facts wait on.</summary>
public static class WaitKeys
{
    public static string Payment(string provider, string id) => $"payment:{provider}:{id}";
    public static string Subscription(string provider, string id) => $"subscription:{provider}:{id}";
    public static string Customer(string provider, string id) => $"customer:{provider}:{id}";
}
