using Bridge.Core.Commissions;
using Bridge.Core.Programs;
using Bridge.Core.Referrals;

namespace Bridge.Core.Payments;

/// <summary>
/// Turns payment facts into payments, referral conversions and commissions — idempotently and order-independently:
/// a payment told twice is counted once (business dedupe on the payment's ids, not only the event id); a renewal or
/// refund that arrives before its payment is parked until it arrives; refunds are applied from totals so duplicates
/// and reordering end in the same ledger. The caller owns the transaction.
/// </summary>
public sealed class PaymentEngine(BridgeDatabase database, TimeProvider clock)
{
    /// <param name="keysLocked">The caller already holds <see cref="LockKeys"/> of this fact (batch processing).</param>
    public async Task<FactOutcome> ApplyAsync(DbConnection connection, DbTransaction transaction, string teamId, PaymentFact fact, bool keysLocked = false)
    {
        var context = new EngineContext(connection, transaction, database.IsPostgres, clock, keysLocked);
        return fact.Kind switch
        {
            FactKind.Refund => await new RefundApplier(context).ApplyAsync(teamId, fact),
            FactKind.Dispute => await new RefundApplier(context).DisputeAsync(teamId, fact),
            _ => await new ChargeApplier(context).ApplyAsync(teamId, fact),
        };
    }

    /// <summary>The lock keys a fact takes: its payment ids, subscription and customer, qualified by team.</summary>
    public static IEnumerable<string> LockKeys(string teamId, PaymentFact fact) =>
        EngineContext.SatisfiedKeys(fact, fact.PaymentIds).Select(key => teamId + "|" + key);

    /// <summary>Takes transaction-scoped locks on the keys, in one fixed (ordinal) order (PostgreSQL; no-op on SQLite).</summary>
    public Task LockAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> qualifiedKeys) =>
        EngineContext.LockQualifiedAsync(connection, transaction, database.IsPostgres, qualifiedKeys);
}

internal sealed class EngineContext(DbConnection connection, DbTransaction transaction, bool postgres, TimeProvider clock, bool keysLocked = false)
{
    /// <summary>
    /// Serializes facts that touch the same payment, subscription or customer (PostgreSQL transaction-scoped advisory
    /// locks, taken in a fixed order). Without it a refund could look for its payment, miss it, and park just after the
    /// payment's transaction woke the parked events — a lost wake-up. SQLite writers are serialized already.
    /// </summary>
    public Task LockAsync(string teamId, IEnumerable<string> keys) =>
        keysLocked ? Task.CompletedTask : LockQualifiedAsync(Connection, Transaction, postgres, keys.Select(k => teamId + "|" + k));

    public static async Task LockQualifiedAsync(DbConnection connection, DbTransaction transaction, bool postgres, IEnumerable<string> qualifiedKeys)
    {
        if (!postgres)
            return;
        var ordered = qualifiedKeys.Distinct().Order(StringComparer.Ordinal).ToArray();
        if (ordered.Length == 0)
            return;
        // Volatile functions in the select list run after ORDER BY, so the locks are taken in this order.
        await connection.ExecuteAsync(
            "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(@ordered) WITH ORDINALITY AS t(k, n) ORDER BY n",
            new { ordered }, transaction);
    }

    public DbConnection Connection { get; } = connection;
    public DbTransaction Transaction { get; } = transaction;
    public TimeProvider Clock { get; } = clock;
    public PaymentStore Payments { get; } = new(connection, transaction, postgres);
    public CommissionWriter Commissions { get; } = new(connection, transaction, postgres, clock);
    public Attribution Attribution => new(Connection, Transaction, Payments);

    public static IReadOnlyList<string> SatisfiedKeys(PaymentFact fact, IEnumerable<string> paymentIds)
    {
        var keys = paymentIds.Select(id => WaitKeys.Payment(fact.Provider, id)).ToList();
        if (fact.SubscriptionId is not null)
            keys.Add(WaitKeys.Subscription(fact.Provider, fact.SubscriptionId));
        if (fact.CustomerId is not null)
            keys.Add(WaitKeys.Customer(fact.Provider, fact.CustomerId));
        return keys;
    }

    public static FactOutcome Park(string reason, params string[] keys) =>
        new() { Result = Outcomes.Parked, Reason = reason, WaitingFor = keys };

    public static FactOutcome Fail(string reason) => new() { Result = Outcomes.Failed, Reason = reason };
}

/// <summary>Initial payments and renewals.</summary>
internal sealed class ChargeApplier(EngineContext context)
{
    public async Task<FactOutcome> ApplyAsync(string teamId, PaymentFact fact)
    {
        var ids = fact.PaymentIds;
        if (ids.Count == 0)
            return EngineContext.Fail("the payment has no id");
        await context.LockAsync(teamId, EngineContext.SatisfiedKeys(fact, ids));
        var existing = await context.Payments.FindAsync(teamId, fact.Provider, ids);
        if (existing is not null)
            return await MergeDuplicateAsync(teamId, fact, existing, ids);

        var kind = await ResolveKindAsync(teamId, fact);
        if (kind.Outcome is not null)
            return kind.Outcome;

        var referral = kind.Anchor?.ReferralId is { } anchored
            ? await ReferralStore.GetAsync(context.Connection, context.Transaction, teamId, anchored)
            : null;
        referral ??= kind.Kind == FactKind.Renewal
            ? await context.Attribution.LinkedAsync(teamId, fact.Provider, fact.SubscriptionId, fact.CustomerId) ?? await context.Attribution.ResolveAsync(teamId, fact)
            : await context.Attribution.ResolveAsync(teamId, fact);

        var now = context.Clock.GetUtcNow();
        var payment = new Payment
        {
            Id = Id.New(IdPrefix.Payment, context.Clock),
            TeamId = teamId,
            Provider = fact.Provider,
            ProviderPaymentId = fact.ProviderPaymentId ?? ids[0],
            Kind = kind.Kind == FactKind.Renewal ? "renewal" : "initial",
            ReferralId = null,
            AmountMinor = fact.AmountMinor,
            SubtotalMinor = fact.SubtotalMinor,
            Currency = fact.Currency,
            CustomerId = fact.CustomerId,
            SubscriptionId = fact.SubscriptionId,
            OccurredAt = fact.OccurredAt,
            SourceEventId = fact.SourceEventId,
            CreatedAt = now,
        };
        if (!await context.Payments.TryInsertAsync(payment))
        {
            var raced = await context.Payments.FindAsync(teamId, fact.Provider, ids);
            return raced is null ? EngineContext.Fail("payment insert conflicted but no payment was found") : await MergeDuplicateAsync(teamId, fact, raced, ids);
        }
        await context.Payments.AddAliasesAsync(teamId, fact.Provider, payment.Id, ids.Where(id => id != payment.ProviderPaymentId));

        var satisfies = EngineContext.SatisfiedKeys(fact, ids);
        if (referral is null)
            return new FactOutcome { Result = Outcomes.Unattributed, Reason = "no referral matches the payment's attribution hints", PaymentId = payment.Id, Satisfies = satisfies };
        var commissions = await new Conversion(context).AttributeAsync(teamId, payment, referral, fact);
        return new FactOutcome
        {
            Result = Outcomes.Counted,
            Reason = commissions.Reason,
            PaymentId = payment.Id,
            ReferralId = referral.Id,
            CommissionIds = commissions.CommissionIds,
            Satisfies = satisfies,
        };
    }

    private async Task<FactOutcome> MergeDuplicateAsync(string teamId, PaymentFact fact, Payment existing, IReadOnlyList<string> ids)
    {
        await context.Payments.AddAliasesAsync(teamId, fact.Provider, existing.Id, ids.Where(id => id != existing.ProviderPaymentId));
        await context.Payments.FillMissingAsync(existing.Id, fact.CustomerId, fact.SubscriptionId);
        var satisfies = EngineContext.SatisfiedKeys(fact, ids);
        if (existing.ReferralId is null && existing.Kind == "initial" && await context.Attribution.ResolveAsync(teamId, fact) is { } referral)
        {
            var conversion = new Conversion(context);
            var commissions = await conversion.AttributeAsync(teamId, existing, referral, fact);
            if (commissions.Attributed)
                return new FactOutcome
                {
                    Result = Outcomes.Counted,
                    Reason = "payment already recorded unattributed; this report carried its attribution",
                    PaymentId = existing.Id,
                    ReferralId = referral.Id,
                    CommissionIds = [.. commissions.CommissionIds, .. await conversion.AttributeFollowersAsync(teamId, existing, referral, fact)],
                    Satisfies = satisfies,
                };
        }
        return new FactOutcome
        {
            Result = Outcomes.Duplicate,
            Reason = $"payment {existing.ProviderPaymentId} was already counted",
            PaymentId = existing.Id,
            ReferralId = existing.ReferralId,
            Satisfies = satisfies,
        };
    }

    private sealed record ResolvedKind(FactKind Kind, Payment? Anchor, FactOutcome? Outcome);

    /// <summary>A renewal needs its subscription's first payment; a payment the provider doesn't label is decided by it.</summary>
    private async Task<ResolvedKind> ResolveKindAsync(string teamId, PaymentFact fact)
    {
        if (fact.Kind == FactKind.Initial)
            return new ResolvedKind(FactKind.Initial, null, null);
        var anchor = await context.Payments.AnchorAsync(teamId, fact.Provider, fact.SubscriptionId, fact.SubscriptionId is null ? fact.CustomerId : null);
        if (anchor is not null)
            return new ResolvedKind(FactKind.Renewal, anchor, null);
        if (fact.Kind == FactKind.SubscriptionPayment && (fact.CheckoutReference is not null || fact.FinalAttempt))
            return new ResolvedKind(FactKind.Initial, null, null);

        var what = fact.SubscriptionId is not null ? $"subscription {fact.SubscriptionId}" : fact.CustomerId is not null ? $"customer {fact.CustomerId}" : null;
        if (what is null)
            return new ResolvedKind(FactKind.Renewal, null, EngineContext.Fail("a renewal without subscription or customer id cannot be linked"));
        if (fact.FinalAttempt)
            return new ResolvedKind(FactKind.Renewal, null, EngineContext.Fail($"no earlier payment of {what} arrived"));
        var key = fact.SubscriptionId is not null ? WaitKeys.Subscription(fact.Provider, fact.SubscriptionId) : WaitKeys.Customer(fact.Provider, fact.CustomerId!);
        return new ResolvedKind(FactKind.Renewal, null, EngineContext.Park($"waiting for the first payment of {what}", key));
    }
}
