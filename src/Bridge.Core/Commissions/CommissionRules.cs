using Bridge.Core.Programs;

namespace Bridge.Core.Commissions;

/// <summary>Where a payment stands in its referral's history, for the incentive's length rule.</summary>
/// <param name="PaymentNumber">1 for the referral's first payment, 2 for the next…, by occurred-at.</param>
/// <param name="FirstPaymentAt">When the referral's first payment happened.</param>
public sealed record PaymentPosition(int PaymentNumber, DateTimeOffset FirstPaymentAt, DateTimeOffset OccurredAt);

/// <summary>The commission a payment earns, before it is stored.</summary>
public sealed record CommissionQuote(long CommissionMinor, string Currency, string Status, DateTimeOffset? HoldUntil, int? HoldPeriodDays);

/// <summary>
/// The pure commission rules: whether an incentive pays for a payment, how much, and the commission's first status.
/// Percentages are exact (parts per million of the base, rounded half away from zero to the minor unit).
/// </summary>
public static class CommissionRules
{
    /// <summary>once = first payment only; lifetime = every payment; months = within N months of the first payment; payments = the first N.</summary>
    public static bool Pays(Incentive incentive, PaymentPosition position) => incentive.IncentiveLength switch
    {
        IncentiveLength.Once => position.PaymentNumber == 1,
        IncentiveLength.Lifetime => true,
        IncentiveLength.Months => position.OccurredAt < position.FirstPaymentAt.AddMonths(incentive.LengthValue ?? 0),
        IncentiveLength.Payments => position.PaymentNumber <= (incentive.LengthValue ?? 0),
        _ => false,
    };

    /// <summary>Percent of <paramref name="baseMinor"/>, or the fixed amount (in the incentive's currency).</summary>
    public static (long Minor, string Currency) Amount(Incentive incentive, long baseMinor, string saleCurrency) =>
        incentive.IsPercentage
            ? (Money.Rounding.MulDiv(baseMinor, incentive.RatePpm ?? 0, 1_000_000), saleCurrency)
            : (incentive.FixedAmountMinor ?? 0, incentive.FixedCurrency ?? saleCurrency);

    /// <summary>
    /// The first status: with a hold period, <c>pending</c> until it ends (a job then releases it); without one,
    /// <c>ready_for_payment</c>, or <c>pending_manual_approval</c> when the incentive needs manual approval.
    /// The hold runs from the payment's own time, so the result does not depend on when the event was processed.
    /// </summary>
    public static (string Status, DateTimeOffset? HoldUntil) InitialStatus(Incentive incentive, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        var days = incentive.HoldPeriodDays ?? 0;
        if (days > 0)
        {
            var until = occurredAt.AddDays(days);
            if (until > now)
                return (CommissionStatus.Pending, until);
        }
        return (AfterHold(incentive.ApprovalType), null);
    }

    public static string AfterHold(string approvalType) =>
        approvalType == ApprovalType.Manual ? CommissionStatus.PendingManualApproval : CommissionStatus.ReadyForPayment;

    public static CommissionQuote Quote(Incentive incentive, long baseMinor, string saleCurrency, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        var (amount, currency) = Amount(incentive, baseMinor, saleCurrency);
        var (status, holdUntil) = InitialStatus(incentive, occurredAt, now);
        return new CommissionQuote(amount, currency, status, holdUntil, incentive.HoldPeriodDays);
    }
}

/// <summary>Refunds scale a commission pro rata, computed from totals (never from rounded increments), so any order of refunds ends the same.</summary>
public static class RefundMath
{
    /// <summary>
    /// What has been refunded on a payment, from two kinds of evidence that may both arrive: individual refunds (each
    /// with its own id) and running totals. Each is a lower bound of the truth, so the larger one is used; capped at the
    /// payment amount.
    /// </summary>
    public static long RefundedTotal(long paymentMinor, long sumOfDistinctRefunds, long highestRunningTotal) =>
        Math.Clamp(Math.Max(sumOfDistinctRefunds, highestRunningTotal), 0, paymentMinor);

    /// <summary>The commission left after refunds: original × remaining sale ÷ original sale (e.g. 29.70 × 49.50 / 99.00 = 14.85).</summary>
    public static long RemainingCommission(long originalCommission, long originalSale, long remainingSale) =>
        originalSale <= 0 ? 0 : Money.Rounding.MulDiv(originalCommission, Math.Max(0, remainingSale), originalSale);
}
