using Bridge.Core.Commissions;
using Bridge.Host.Features.Affiliates;
using Bridge.Host.Features.Programs;
using Bridge.Host.Features.Referrals;

namespace Bridge.Host.Features.Commissions;

/// <summary>
/// Affonso's commission object (decimal amounts in major units), plus the conversion fields (<c>external_event_id</c>,
/// <c>calculation_mode</c>, <c>matched_incentive_id</c>) and the bridge's own links (<c>payment_id</c>,
/// <c>adjusts_commission_id</c> on clawbacks, and the original amounts before refunds).
/// </summary>
public sealed record CommissionResponse(
    string Id,
    string ReferralId,
    string? AffiliateId,
    string? ProgramId,
    decimal SaleAmount,
    string SaleAmountCurrency,
    decimal CommissionAmount,
    string CommissionCurrency,
    string Status,
    string SalesStatus,
    int? HoldPeriodDays,
    string? PaymentIntentId,
    string? InvoiceId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? EarningId,
    string? EarningType,
    string? ExternalEventId,
    string CalculationMode,
    string? MatchedIncentiveId,
    string? PaymentId,
    string? AdjustsCommissionId,
    decimal OriginalSaleAmount,
    decimal OriginalCommissionAmount)
{
    /// <summary>With <c>expand=affiliate</c> (SDK <c>Commission.affiliate?</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AffiliateResponse? Affiliate { get; init; }

    /// <summary>With <c>expand=affiliate_program</c>: the program the commission belongs to.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ProgramResponse? AffiliateProgram { get; init; }

    /// <summary>With <c>expand=referral</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReferralResponse? Referral { get; init; }

    public static CommissionResponse From(Commission c) => new(
        c.Id, c.ReferralId, c.AffiliateId, c.ProgramId,
        Currencies.ToMajor(c.SaleAmountMinor, c.SaleCurrency), c.SaleCurrency,
        Currencies.ToMajor(c.CommissionAmountMinor, c.CommissionCurrency), c.CommissionCurrency,
        c.Status, c.SalesStatus, c.HoldPeriodDays, c.PaymentIntentId, c.InvoiceId, c.CreatedAt, c.UpdatedAt,
        null, c.EarningType, c.ExternalEventId, c.CalculationMode, c.IncentiveId, c.PaymentId, c.AdjustsCommissionId,
        Currencies.ToMajor(c.OriginalSaleMinor, c.SaleCurrency), Currencies.ToMajor(c.OriginalCommissionMinor, c.CommissionCurrency));
}

public sealed record LedgerEntryResponse(string Id, string Cause, string? CauseEventId, decimal SaleDelta, decimal CommissionDelta, string StatusAfter, string SalesStatusAfter, string? Note, DateTimeOffset CreatedAt);

/// <summary>POST /v1/commissions (manual) and PUT /v1/commissions/{id}.</summary>
public sealed record CommissionRequest(
    string? ReferralId,
    decimal? SaleAmount,
    string? SaleAmountCurrency,
    decimal? CommissionAmount,
    string? CommissionCurrency,
    bool? IsSubscription,
    string? Status,
    string? SalesStatus,
    string? PaymentIntentId,
    int? HoldPeriodDays,
    DateTimeOffset? CreatedAt);
