using Bridge.Core.Commissions;
using Bridge.Core.Payments;

namespace Bridge.Host.Features.Conversions;

public sealed record ConversionRequest(
    string? ReferralId,
    string? CustomerId,
    string? ExternalUserId,
    string? ClickId,
    decimal? SaleAmount,
    string? SaleAmountCurrency,
    string? ExternalEventId,
    IReadOnlyList<string>? ProductIds,
    IReadOnlyList<string>? PriceIds,
    string? Interval,
    bool? IsSubscription,
    string? Status,
    string? SalesStatus,
    DateTimeOffset? CreatedAt,
    JsonElement? Metadata);

public sealed record RefundRequest(decimal? Amount, string? Currency, string? Reason, string? ExternalEventId, DateTimeOffset? RefundedAt);

/// <summary>POST /v1/events: a conversion, lead, trial or milestone for a referral.</summary>
public sealed record EventRequest(
    string? EventName,
    string? EventType,
    string? ReferralId,
    string? CustomerId,
    string? ExternalUserId,
    string? ClickId,
    string? ExternalEventId,
    decimal? SaleAmount,
    string? SaleAmountCurrency,
    IReadOnlyList<string>? ProductIds,
    IReadOnlyList<string>? PriceIds,
    string? Interval,
    bool? IsSubscription,
    DateTimeOffset? OccurredAt,
    string? Email,
    string? Name,
    JsonElement? Metadata);

public sealed record EventResult(string Id, string EventName, string EventType, string ReferralId, string ReferralStatus, string Status);

/// <summary>
/// Affonso's conversion object: the commission (amounts after refunds) with <c>external_event_id</c>,
/// <c>calculation_mode</c> and <c>matched_incentive_id</c>. Without an earning (no incentive applied) the commission
/// fields are null and the id is the payment's.
/// </summary>
public sealed record ConversionResponse(
    string Id,
    string? ReferralId,
    string? AffiliateId,
    string? ProgramId,
    decimal SaleAmount,
    string SaleAmountCurrency,
    decimal? CommissionAmount,
    string? CommissionCurrency,
    string? Status,
    string SalesStatus,
    int? HoldPeriodDays,
    string? PaymentIntentId,
    string? InvoiceId,
    string? EarningId,
    string? EarningType,
    string? ExternalEventId,
    string CalculationMode,
    string? MatchedIncentiveId,
    string PaymentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ConversionResponse From(ConversionResult result)
    {
        var payment = result.Payment!;
        var c = result.Commission;
        if (c is not null)
            return new(c.Id, c.ReferralId, c.AffiliateId, c.ProgramId, Currencies.ToMajor(c.SaleAmountMinor, c.SaleCurrency), c.SaleCurrency,
                Currencies.ToMajor(c.CommissionAmountMinor, c.CommissionCurrency), c.CommissionCurrency, c.Status, c.SalesStatus, c.HoldPeriodDays,
                c.PaymentIntentId, c.InvoiceId, null, c.EarningType, result.ExternalEventId, c.CalculationMode, c.IncentiveId, payment.Id, c.CreatedAt, c.UpdatedAt);
        var remaining = payment.AmountMinor - payment.RefundedMinor;
        var salesStatus = payment.RefundedMinor == 0 ? Bridge.Core.Commissions.SalesStatus.Complete : remaining == 0 ? Bridge.Core.Commissions.SalesStatus.Refunded : Bridge.Core.Commissions.SalesStatus.PartialRefunded;
        return new(payment.Id, payment.ReferralId, null, null, Currencies.ToMajor(remaining, payment.Currency), payment.Currency, null, null, null,
            salesStatus, null, null, null, null, null, result.ExternalEventId, "auto", null, payment.Id, payment.CreatedAt, payment.CreatedAt);
    }
}
