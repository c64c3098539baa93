using Bridge.Core.Commissions;
using Bridge.Core.Programs;
using Bridge.Core.Referrals;

namespace Bridge.Core.Payments;

/// <summary>
/// An attributed payment: links the provider's customer and subscription to the referral, converts the referral on
/// its first payment, and creates the commission its affiliate's incentive earns.
/// </summary>
internal sealed class Conversion(EngineContext context)
{
    public sealed record Result(bool Attributed, IReadOnlyList<string> CommissionIds, string? Reason);

    public async Task<Result> AttributeAsync(string teamId, Payment payment, Referral referral, PaymentFact fact)
    {
        if (!await context.Payments.AttributeAsync(payment.Id, referral.Id))
            return new Result(false, [], "another report attributed the payment first");
        if (referral.Status == ReferralStatus.Rejected)
            return new Result(true, [], "the referral was rejected by a fraud rule: no commission");

        var now = context.Clock.GetUtcNow();
        var subscriptionId = payment.SubscriptionId ?? fact.SubscriptionId;
        var customerId = payment.CustomerId ?? fact.CustomerId;
        await context.Payments.LinkAsync(teamId, payment.Provider, "subscription", subscriptionId, referral.Id, now);
        await context.Payments.LinkAsync(teamId, payment.Provider, "customer", customerId, referral.Id, now);
        await ConvertReferralAsync(referral, payment, subscriptionId, customerId, now);

        if (payment.AmountMinor <= 0)
            return new Result(true, [], "zero-amount payment (trial or full discount): no commission");
        var incentive = await IncentiveStore.ApplicableAsync(context.Connection, context.Transaction, teamId, referral.AffiliateId, IncentiveType.Sale);
        if (incentive is null)
            return new Result(true, [], "no sale incentive applies to the affiliate");

        // A lifetime incentive pays every payment: no need to count the referral's earlier ones.
        var (number, firstAt) = incentive.IncentiveLength == IncentiveLength.Lifetime
            ? (0, payment.OccurredAt)
            : await context.Payments.PositionAsync(referral.Id, payment);
        if (!CommissionRules.Pays(incentive, new PaymentPosition(number, firstAt, payment.OccurredAt)))
            return new Result(true, [], $"the incentive ({incentive.IncentiveLength} {incentive.LengthValue}) does not pay payment #{number}");

        var commissionBase = await BatchReadCache.GetOrReadAsync("commission_base|" + referral.ProgramId, () => context.Connection.ExecuteScalarAsync<string>(
            "SELECT commission_base FROM programs WHERE id = @ProgramId", referral, context.Transaction));
        var baseMinor = commissionBase == "subtotal" ? payment.SubtotalMinor ?? payment.AmountMinor : payment.AmountMinor;
        var quote = CommissionRules.Quote(incentive, baseMinor, payment.Currency, payment.OccurredAt, now);
        // The conversions API's payment id is the merchant's external_event_id: neither a PaymentIntent nor an invoice.
        var fromApi = payment.Provider == ConversionService.Provider;
        var isInvoice = payment.ProviderPaymentId.StartsWith("in_", StringComparison.Ordinal);
        var commission = new Commission
        {
            Id = Id.New(IdPrefix.Commission, context.Clock),
            TeamId = teamId,
            ProgramId = referral.ProgramId,
            ReferralId = referral.Id,
            AffiliateId = referral.AffiliateId,
            PaymentId = payment.Id,
            IncentiveId = incentive.Id,
            EarningType = EarningType.DirectCommission,
            OriginalSaleMinor = baseMinor,
            SaleAmountMinor = baseMinor,
            SaleCurrency = payment.Currency,
            OriginalCommissionMinor = quote.CommissionMinor,
            CommissionAmountMinor = quote.CommissionMinor,
            CommissionCurrency = quote.Currency,
            Status = fact.StatusOverride ?? quote.Status,
            SalesStatus = fact.SalesStatusOverride ?? SalesStatus.Complete,
            HoldPeriodDays = quote.HoldPeriodDays,
            HoldUntil = fact.StatusOverride is null ? quote.HoldUntil : null,
            ApprovalType = incentive.ApprovalType,
            PaymentIntentId = fromApi || isInvoice ? null : payment.ProviderPaymentId,
            InvoiceId = !fromApi && isInvoice ? payment.ProviderPaymentId : null,
            ExternalEventId = fact.ExternalEventId,
            IsSubscription = fact.IsSubscription || subscriptionId is not null,
            MetadataJson = fact.MetadataJson,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await context.Commissions.InsertAsync(commission, "payment", fact.SourceEventId,
            number > 0 ? $"{payment.Kind} payment #{number}: {incentive.Name}" : $"{payment.Kind} payment: {incentive.Name}");
        if (payment.SourceEventId != fact.SourceEventId || payment.RefundedMinor > 0 || payment.Disputed)
            await CatchUpAsync(payment.Id, commission, fact.SourceEventId);
        return new Result(true, [commission.Id], null);
    }

    /// <summary>
    /// A payment attributed late may have been refunded or disputed while it was unattributed: its new commission
    /// takes those into account at once, so the ledger ends the same whatever order the events came in.
    /// </summary>
    private async Task CatchUpAsync(string paymentId, Commission commission, string sourceEventId)
    {
        var payment = await context.Payments.LockAsync(paymentId);
        if (payment.RefundedMinor > 0)
            await new RefundApplier(context).AdjustCommissionAsync(payment, 0, payment.RefundedMinor, commission, sourceEventId);
        if (payment.Disputed && (await context.Commissions.ForPaymentAsync(paymentId)) is { } current && current.Status != CommissionStatus.Refunded)
            await context.Commissions.UpdateAsync(current, current.SaleAmountMinor, current.CommissionAmountMinor, CommissionStatus.Dispute,
                current.SalesStatus, "dispute", sourceEventId, "dispute opened before the payment was attributed");
    }

    /// <summary>
    /// Renewals recorded while their subscription's first payment was still unattributed follow it to the referral
    /// once it is attributed (in payment order, so incentive lengths count right).
    /// </summary>
    public async Task<IReadOnlyList<string>> AttributeFollowersAsync(string teamId, Payment first, Referral referral, PaymentFact fact)
    {
        var subscriptionId = first.SubscriptionId ?? fact.SubscriptionId;
        if (subscriptionId is null)
            return [];
        var followers = await context.Connection.QueryAsync<Payment>("""
            SELECT * FROM payments
            WHERE team_id = @teamId AND provider = @Provider AND subscription_id = @subscriptionId AND referral_id IS NULL AND id <> @Id
            ORDER BY occurred_at, created_at
            """, new { teamId, first.Provider, subscriptionId, first.Id }, context.Transaction);
        var ids = new List<string>();
        foreach (var follower in followers)
            ids.AddRange((await AttributeAsync(teamId, follower, referral, fact with { StatusOverride = null, SalesStatusOverride = null, ExternalEventId = null })).CommissionIds);
        return ids;
    }

    /// <summary>The first attributed payment converts the referral: active (subscription), trialing (zero-amount subscription start) or customer.</summary>
    private async Task ConvertReferralAsync(Referral referral, Payment payment, string? subscriptionId, string? customerId, DateTimeOffset now)
    {
        var status = (subscriptionId, payment.AmountMinor) switch
        {
            (not null, <= 0) => ReferralStatus.Trialing,
            (not null, _) => ReferralStatus.Active,
            _ => ReferralStatus.Customer,
        };
        var upgrade = referral.Status is ReferralStatus.Click or ReferralStatus.Lead
                      || (referral.Status == ReferralStatus.Trialing && status != ReferralStatus.Trialing);
        // Only when something changes: a busy referral's later payments would otherwise all queue on its row lock,
        // each held until its batch commits (the benchmark's one-referral load measured 13.5 ms a statement). The
        // referral was read in this transaction, so when it already shows the conversion there is nothing to send;
        // the statement's own condition covers a change committed since that read.
        if (!upgrade && referral.ConvertedAt is not null && (customerId is null || referral.CustomerId is not null)
            && (subscriptionId is null || referral.SubscriptionId is not null))
            return;
        var changed = await context.Connection.ExecuteAsync("""
            UPDATE referrals SET status = @status, converted_at = COALESCE(converted_at, @convertedAt),
                customer_id = COALESCE(customer_id, @customerId), subscription_id = COALESCE(subscription_id, @subscriptionId), updated_at = @now
            WHERE id = @id
              AND (status <> @status OR converted_at IS NULL
                   OR (customer_id IS NULL AND @customerId IS NOT NULL) OR (subscription_id IS NULL AND @subscriptionId IS NOT NULL))
            """, new
        {
            status = upgrade ? status : referral.Status,
            convertedAt = payment.OccurredAt,
            customerId,
            subscriptionId,
            now,
            id = referral.Id,
        }, context.Transaction);
        if (changed == 1 && upgrade)
        {
            var converted = await ReferralStore.GetAsync(context.Connection, context.Transaction, referral.TeamId, referral.Id);
            await Outbound.Outbox.ReferralChangedAsync(context.Connection, context.Transaction, converted!,
                referral.Status is ReferralStatus.Click or ReferralStatus.Lead ? Outbound.OutboundEventTypes.ReferralConverted : null, now);
        }
    }
}
