namespace Bridge.Core.Payments;

/// <summary>A payment the bridge has counted (once, however many events reported it).</summary>
public sealed class Payment
{
    public string Id { get; init; } = "";
    public string TeamId { get; init; } = "";
    public string Provider { get; init; } = "";
    public string ProviderPaymentId { get; init; } = "";
    public string Kind { get; init; } = "";
    public string? ReferralId { get; init; }
    public long AmountMinor { get; init; }
    public long? SubtotalMinor { get; init; }
    public string Currency { get; init; } = "";
    public string? CustomerId { get; init; }
    public string? SubscriptionId { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public string? SourceEventId { get; init; }
    public long CumulativeRefundedMinor { get; init; }
    public long RefundedMinor { get; init; }
    public bool Disputed { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
