using Bridge.Core.Commissions;

namespace Bridge.Core.Payments;

/// <summary>
/// Refunds and disputes of a counted payment. Refunds reduce the commission pro rata from the refunded total (so
/// duplicates, running totals and reordering end the same); a full refund before payout makes it <c>refunded</c>; a
/// refund after payout creates a negative adjustment (clawback). A dispute marks the commission <c>dispute</c>.
/// </summary>
internal sealed class RefundApplier(EngineContext context)
{
    public async Task<FactOutcome> ApplyAsync(string teamId, PaymentFact fact)
    {
        var (payment, missing) = await FindAsync(teamId, fact, "refund");
        if (payment is null)
            return missing!;
        payment = await context.Payments.LockAsync(payment.Id);
        var now = context.Clock.GetUtcNow();

        if (fact.RefundId is not null)
            await context.Payments.RecordRefundAsync(payment.Id, "refund:" + fact.RefundId, fact.AmountMinor, fact.SourceEventId, now);
        else if (fact.CumulativeRefundedMinor is { } runningTotal)
            await context.Payments.RaiseRunningTotalAsync(payment.Id, runningTotal);
        else
            await context.Payments.RecordRefundAsync(payment.Id, "event:" + fact.SourceEventId, fact.AmountMinor, fact.SourceEventId, now);

        var highestRunningTotal = Math.Max(payment.CumulativeRefundedMinor, fact.CumulativeRefundedMinor ?? 0);
        var target = RefundMath.RefundedTotal(payment.AmountMinor, await context.Payments.SumOfRefundsAsync(payment.Id), highestRunningTotal);
        if (target <= payment.RefundedMinor)
            return new FactOutcome { Result = Outcomes.Duplicate, Reason = "the refund was already counted", PaymentId = payment.Id, ReferralId = payment.ReferralId };
        await context.Payments.SetRefundedAsync(payment.Id, target);

        var commission = await context.Commissions.ForPaymentAsync(payment.Id);
        var outcome = new FactOutcome
        {
            Result = Outcomes.Refunded,
            Reason = $"refunded {target} of {payment.AmountMinor} {payment.Currency}" + (commission is null ? " (no commission to adjust)" : ""),
            PaymentId = payment.Id,
            ReferralId = payment.ReferralId,
        };
        if (commission is null)
            return outcome;

        var changedId = await AdjustCommissionAsync(payment, payment.RefundedMinor, target, commission, fact.SourceEventId);
        return outcome with { CommissionIds = [changedId] };
    }

    /// <summary>
    /// Scales a commission to what remains of its payment after <paramref name="target"/> was refunded in total
    /// (previously <paramref name="refundedBefore"/>): in place before payout, as a clawback after. Returns the id of
    /// the commission row that changed.
    /// </summary>
    public async Task<string> AdjustCommissionAsync(Payment payment, long refundedBefore, long target, Commission commission, string sourceEventId)
    {
        var remaining = payment.AmountMinor - target;
        var newSale = Rounding.MulDiv(commission.OriginalSaleMinor, remaining, payment.AmountMinor);
        var newCommission = RefundMath.RemainingCommission(commission.OriginalCommissionMinor, payment.AmountMinor, remaining);
        var salesStatus = remaining == 0 ? SalesStatus.Refunded : SalesStatus.PartialRefunded;
        var note = $"refund: {target} of {payment.AmountMinor} {payment.Currency} refunded in total";
        if (CommissionStatus.IsPaidOut(commission.Status))
        {
            var previousSale = Rounding.MulDiv(commission.OriginalSaleMinor, payment.AmountMinor - refundedBefore, payment.AmountMinor);
            var kept = commission.CommissionAmountMinor + await context.Commissions.ClawedBackAsync(commission.Id);
            var clawback = await context.Commissions.ClawBackAsync(commission, newSale - previousSale, newCommission - kept,
                CommissionStatus.ReadyForPayment, salesStatus, "refund", sourceEventId, note + " after payout: clawback");
            return clawback.Id;
        }
        var status = remaining == 0 && commission.Status != CommissionStatus.Declined ? CommissionStatus.Refunded : commission.Status;
        await context.Commissions.UpdateAsync(commission, newSale, newCommission, status, salesStatus, "refund", sourceEventId, note);
        return commission.Id;
    }

    public async Task<FactOutcome> DisputeAsync(string teamId, PaymentFact fact)
    {
        var (payment, missing) = await FindAsync(teamId, fact, "dispute");
        if (payment is null)
            return missing!;
        payment = await context.Payments.LockAsync(payment.Id);
        if (!await context.Payments.MarkDisputedAsync(payment.Id))
            return new FactOutcome { Result = Outcomes.Duplicate, Reason = "the dispute was already recorded", PaymentId = payment.Id, ReferralId = payment.ReferralId };

        var outcome = new FactOutcome { Result = Outcomes.Disputed, Reason = $"dispute of {fact.AmountMinor} {fact.Currency} opened", PaymentId = payment.Id, ReferralId = payment.ReferralId };
        var commission = await context.Commissions.ForPaymentAsync(payment.Id);
        if (commission is null)
            return outcome;
        if (CommissionStatus.IsPaidOut(commission.Status))
        {
            var kept = commission.CommissionAmountMinor + await context.Commissions.ClawedBackAsync(commission.Id);
            var clawback = await context.Commissions.ClawBackAsync(commission, 0, -kept, CommissionStatus.Dispute, commission.SalesStatus,
                "dispute", fact.SourceEventId, "dispute opened after payout: commission held back");
            return outcome with { CommissionIds = [clawback.Id] };
        }
        await context.Commissions.UpdateAsync(commission, commission.SaleAmountMinor, commission.CommissionAmountMinor, CommissionStatus.Dispute,
            commission.SalesStatus, "dispute", fact.SourceEventId, "dispute opened");
        return outcome with { CommissionIds = [commission.Id] };
    }

    /// <summary>
    /// The payment a refund or dispute names. Not seen yet → park until it arrives. When the window is over and the ids
    /// still match nothing, the customer's latest payment is used (Stripe basil invoices don't carry the PaymentIntent a
    /// charge refers to), else it fails.
    /// </summary>
    private async Task<(Payment? Payment, FactOutcome? Missing)> FindAsync(string teamId, PaymentFact fact, string what)
    {
        var ids = fact.PaymentIds;
        if (ids.Count == 0)
            return (null, EngineContext.Fail($"the {what} names no payment"));
        await context.LockAsync(teamId, EngineContext.SatisfiedKeys(fact, ids));
        var payment = await context.Payments.FindAsync(teamId, fact.Provider, ids);
        if (payment is not null)
            return (payment, null);
        if (fact.FinalAttempt)
        {
            if (fact.CustomerId is not null && await context.Payments.LatestForCustomerAsync(teamId, fact.Provider, fact.CustomerId) is { } latest)
                return (latest, null);
            return (null, EngineContext.Fail($"the {what} names {string.Join(", ", ids)}, but no such payment arrived"));
        }
        var keys = ids.Select(id => WaitKeys.Payment(fact.Provider, id));
        if (fact.CustomerId is not null)
            keys = keys.Append(WaitKeys.Customer(fact.Provider, fact.CustomerId));
        return (null, EngineContext.Park($"waiting for payment {ids[0]}", keys.ToArray()));
    }
}
