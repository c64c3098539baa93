namespace Bridge.Core.Inbox;

/// <summary>Inbox statuses: pending → processing → processed | ignored | parked | failed (or back to pending to retry).</summary>
public static class InboundStatus
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Processed = "processed";
    public const string Ignored = "ignored";
    public const string Parked = "parked";
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Pending, Processing, Processed, Ignored, Parked, Failed];
}

/// <summary>A verified provider delivery, stored before it was acknowledged.</summary>
public sealed class InboundEvent
{
    public string Id { get; init; } = "";
    public string TeamId { get; init; } = "";
    public string ConnectionId { get; init; } = "";
    public string Provider { get; init; } = "";
    public string ProviderEventId { get; init; } = "";
    public string EventType { get; init; } = "";
    public bool? LiveMode { get; init; }
    public string HeadersJson { get; init; } = "{}";
    public byte[] Body { get; init; } = [];
    public DateTimeOffset ReceivedAt { get; init; }
    public string Status { get; init; } = InboundStatus.Pending;
    public string? Reason { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public string? ClaimedBy { get; init; }
    public DateTimeOffset? ClaimedUntil { get; init; }
    public string? WaitingFor { get; init; }
    public DateTimeOffset? ParkedUntil { get; init; }
    public DateTimeOffset? ProcessedAt { get; init; }
}

/// <summary>One processing attempt of an inbound event.</summary>
public sealed class InboundAttempt
{
    public string InboundEventId { get; init; } = "";
    public int Attempt { get; init; }
    public string Worker { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? Outcome { get; init; }
    public string? Reason { get; init; }
}

/// <summary>What an inbound event mapped to, and what became of it.</summary>
public sealed class InboundPayment
{
    public string InboundEventId { get; init; } = "";
    public int Seq { get; init; }
    public string Kind { get; init; } = "";
    public string? IgnoredReason { get; init; }
    public long AmountMinor { get; init; }
    public long? CumulativeRefundedMinor { get; init; }
    public string Currency { get; init; } = "";
    public string? ProviderPaymentId { get; init; }
    public string? RefundId { get; init; }
    public string? CustomerId { get; init; }
    public string? SubscriptionId { get; init; }
    public string? ClickId { get; init; }
    public string? ExternalUserId { get; init; }
    public string? Email { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    public string? Outcome { get; init; }
    public string? ReferralId { get; init; }
    public string? PaymentId { get; init; }
    public string? CommissionIds { get; init; }
}

public sealed record InboundQuery(int Limit, string? StartingAfter = null, string? Provider = null, string? Status = null, string? Type = null, string? Search = null);
