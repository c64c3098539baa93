namespace Bridge.Core.Commissions;

/// <summary>Commission (transaction) statuses, as Affonso's API spells them.</summary>
public static class CommissionStatus
{
    public const string Pending = "pending";
    public const string PendingManualApproval = "pending_manual_approval";
    public const string ReadyForPayment = "ready_for_payment";
    public const string ProcessingPayout = "processing_payout";
    public const string Paid = "paid";
    public const string Declined = "declined";
    public const string Refunded = "refunded";
    public const string Dispute = "dispute";

    public static readonly IReadOnlyList<string> All =
        [Pending, PendingManualApproval, ReadyForPayment, ProcessingPayout, Paid, Declined, Refunded, Dispute];

    /// <summary>Money that left (or is leaving) for the affiliate: a refund then claws back, it never edits this row.</summary>
    public static bool IsPaidOut(string status) => status is Paid or ProcessingPayout;
}

public static class SalesStatus
{
    public const string Open = "open";
    public const string Complete = "complete";
    public const string Trialing = "trialing";
    public const string Failed = "failed";
    public const string Refunded = "refunded";
    public const string PartialRefunded = "partial_refunded";

    public static readonly IReadOnlyList<string> All = [Open, Complete, Trialing, Failed, Refunded, PartialRefunded];
}

public static class EarningType
{
    public const string DirectCommission = "direct_commission";
    public const string Lead = "lead_commission";
    public const string Clawback = "clawback";
    public const string Manual = "manual";
}

public sealed class Commission
{
    public string Id { get; init; } = "";
    public string TeamId { get; init; } = "";
    public string? ProgramId { get; init; }
    public string ReferralId { get; init; } = "";
    public string? AffiliateId { get; init; }
    public string? PaymentId { get; init; }
    public string? IncentiveId { get; init; }
    public string EarningType { get; init; } = Commissions.EarningType.DirectCommission;
    public long OriginalSaleMinor { get; init; }
    public long SaleAmountMinor { get; init; }
    public string SaleCurrency { get; init; } = "USD";
    public long OriginalCommissionMinor { get; init; }
    public long CommissionAmountMinor { get; init; }
    public string CommissionCurrency { get; init; } = "USD";
    public string Status { get; init; } = CommissionStatus.Pending;
    public string SalesStatus { get; init; } = Commissions.SalesStatus.Complete;
    public int? HoldPeriodDays { get; init; }
    public DateTimeOffset? HoldUntil { get; init; }
    public string ApprovalType { get; init; } = Programs.ApprovalType.Automatic;
    public string? PaymentIntentId { get; init; }
    public string? InvoiceId { get; init; }
    public string? ExternalEventId { get; init; }
    public string CalculationMode { get; init; } = "auto";
    public string? AdjustsCommissionId { get; init; }
    public bool IsSubscription { get; init; }
    public string? MetadataJson { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>One audited change to a commission: what changed, and the event that caused it.</summary>
public sealed class LedgerEntry
{
    public string Id { get; init; } = "";
    public string TeamId { get; init; } = "";
    public string CommissionId { get; init; } = "";
    public string Cause { get; init; } = "";
    public string? CauseEventId { get; init; }
    public long SaleDeltaMinor { get; init; }
    public long CommissionDeltaMinor { get; init; }
    public string StatusAfter { get; init; } = "";
    public string SalesStatusAfter { get; init; } = "";
    public string? Note { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
