using Bridge.Core.Commissions;
using Bridge.Core.Referrals;

namespace Bridge.Core.Payments;

/// <summary>POST /v1/conversions: identifiers (at least one; all must name the same referral), a sale, an idempotency key.</summary>
public sealed record ConversionInput
{
    public string? ReferralId { get; init; }
    public string? CustomerId { get; init; }
    public string? ExternalUserId { get; init; }
    public string? ClickId { get; init; }
    public required long SaleMinor { get; init; }
    public required string Currency { get; init; }
    public required string ExternalEventId { get; init; }
    public string? Status { get; init; }
    public string? SalesStatus { get; init; }
    public bool IsSubscription { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    public string? MetadataJson { get; init; }
}

public sealed record RefundInput(long? AmountMinor, string? Currency, string? ExternalEventId, DateTimeOffset? RefundedAt, string? Reason);

public enum ConversionOutcome
{
    Created,
    Replayed,
    ReferralNotFound,
    AmbiguousReferral,
    ConversionNotFound,
    InvalidRefund,
}

/// <summary>A conversion: its payment and (when an incentive paid) its commission.</summary>
public sealed record ConversionResult(ConversionOutcome Outcome, Payment? Payment = null, Commission? Commission = null, string? Error = null, string? ExternalEventId = null);

/// <summary>
/// Conversions and refunds reported through the API by merchants on other providers: the same engine and ledger as
/// the webhook path, idempotent on <c>external_event_id</c>.
/// </summary>
public sealed class ConversionService(BridgeDatabase database, PaymentEngine engine, TimeProvider clock)
{
    public const string Provider = "api";

    public async Task<ConversionResult> RecordAsync(string teamId, ConversionInput input, CancellationToken ct = default)
    {
        if (await FindAsync(teamId, input.ExternalEventId, ct) is { } replay)
            return replay with { Outcome = ConversionOutcome.Replayed };

        var (referral, problem) = await ResolveReferralAsync(teamId, input.ReferralId, input.ClickId, input.ExternalUserId, input.CustomerId, ct);
        if (referral is null)
            return new ConversionResult(problem);

        await database.InTransactionAsync(async (connection, transaction) =>
        {
            var outcome = await engine.ApplyAsync(connection, transaction, teamId, new PaymentFact
            {
                Kind = FactKind.Initial,
                Provider = Provider,
                SourceEventId = input.ExternalEventId,
                ProviderPaymentId = input.ExternalEventId,
                AmountMinor = input.SaleMinor,
                Currency = input.Currency,
                CustomerId = input.CustomerId,
                ReferralId = referral.Id,
                OccurredAt = input.OccurredAt ?? clock.GetUtcNow(),
                StatusOverride = input.Status,
                SalesStatusOverride = input.SalesStatus,
                ExternalEventId = input.ExternalEventId,
                MetadataJson = input.MetadataJson,
                IsSubscription = input.IsSubscription,
            });
            if (outcome.IsFailed)
                throw new InvalidOperationException(outcome.Reason);
        }, ct);
        var created = await FindAsync(teamId, input.ExternalEventId, ct) ?? throw new InvalidOperationException("the conversion was not stored");
        return created with { Outcome = ConversionOutcome.Created };
    }

    /// <summary>
    /// Refunds part or all of what remains of a conversion (<paramref name="conversionId"/>: its commission or payment
    /// id). Idempotent on the refund's <c>external_event_id</c>.
    /// </summary>
    public async Task<ConversionResult> RefundAsync(string teamId, string conversionId, RefundInput input, CancellationToken ct = default)
    {
        var current = await LoadAsync(teamId, conversionId, ct);
        if (current?.Payment is not { } payment)
            return new ConversionResult(ConversionOutcome.ConversionNotFound);
        var remaining = payment.AmountMinor - payment.RefundedMinor;
        var amount = input.AmountMinor ?? remaining;
        if (input.Currency is not null && !string.Equals(input.Currency, payment.Currency, StringComparison.OrdinalIgnoreCase))
            return new ConversionResult(ConversionOutcome.InvalidRefund, Error: $"currency must be {payment.Currency}, the conversion's currency");
        var replayedRefund = input.ExternalEventId is not null && await RefundRecordedAsync(payment.Id, input.ExternalEventId, ct);
        if (!replayedRefund && (amount <= 0 || amount > remaining))
            return new ConversionResult(ConversionOutcome.InvalidRefund, Error: remaining == 0
                ? "the conversion is already fully refunded"
                : $"amount must be greater than 0 and at most the remaining {Currencies.ToMajor(remaining, payment.Currency)} {payment.Currency}");

        if (!replayedRefund)
        {
            var refundId = input.ExternalEventId ?? Id.New("rfd", clock);
            await database.InTransactionAsync(async (connection, transaction) =>
            {
                var outcome = await engine.ApplyAsync(connection, transaction, teamId, new PaymentFact
                {
                    Kind = FactKind.Refund,
                    Provider = payment.Provider,
                    SourceEventId = refundId,
                    ProviderPaymentId = payment.ProviderPaymentId,
                    RefundId = refundId,
                    AmountMinor = amount,
                    Currency = payment.Currency,
                    OccurredAt = input.RefundedAt ?? clock.GetUtcNow(),
                });
                if (outcome.IsFailed || outcome.IsParked)
                    throw new InvalidOperationException(outcome.Reason);
            }, ct);
        }
        var after = await LoadAsync(teamId, conversionId, ct);
        return after! with { Outcome = replayedRefund ? ConversionOutcome.Replayed : ConversionOutcome.Created };
    }

    /// <summary>A conversion by commission id or payment id.</summary>
    public async Task<ConversionResult?> LoadAsync(string teamId, string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var commission = await CommissionStore.GetAsync(connection, null, teamId, id);
        var paymentId = commission?.PaymentId ?? id;
        var payment = await connection.QuerySingleOrDefaultAsync<Payment>(
            "SELECT * FROM payments WHERE team_id = @teamId AND id = @paymentId", new { teamId, paymentId });
        if (payment is null)
            return null;
        commission ??= await connection.QueryFirstOrDefaultAsync<Commission>(
            $"SELECT {CommissionWriter.Columns} FROM commissions WHERE payment_id = @paymentId AND earning_type = @direct AND deleted_at IS NULL",
            new { paymentId, direct = EarningType.DirectCommission });
        return new ConversionResult(ConversionOutcome.Created, payment, commission, ExternalEventId: payment.Provider == Provider ? payment.ProviderPaymentId : commission?.ExternalEventId);
    }

    private async Task<ConversionResult?> FindAsync(string teamId, string externalEventId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var paymentId = await connection.QueryFirstOrDefaultAsync<string?>(
            "SELECT id FROM payments WHERE team_id = @teamId AND provider = @Provider AND provider_payment_id = @externalEventId",
            new { teamId, Provider, externalEventId });
        return paymentId is null ? null : await LoadAsync(teamId, paymentId, ct);
    }

    private async Task<bool> RefundRecordedAsync(string paymentId, string externalEventId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM payment_refunds WHERE payment_id = @paymentId AND refund_key = @key", new { paymentId, key = "refund:" + externalEventId }) > 0;
    }

    /// <summary>The referral the identifiers name: every identifier given must name one, and the same one.</summary>
    public async Task<(Referral? Referral, ConversionOutcome Problem)> ResolveReferralAsync(string teamId, string? referralId, string? clickId, string? externalUserId, string? customerId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var found = new List<Referral?>();
        foreach (var id in new[] { referralId, clickId }.Where(id => id is not null))
            found.Add(await ReferralStore.GetAsync(connection, null, teamId, id!));
        if (externalUserId is not null)
            found.Add(await ByColumnAsync(connection, teamId, "external_user_id", externalUserId));
        if (customerId is not null)
        {
            // A customer id seen for the first time names no referral yet: next to another identifier, the conversion links it.
            var byCustomer = await ByColumnAsync(connection, teamId, "customer_id", customerId) ?? await ByLinkAsync(connection, teamId, customerId);
            if (byCustomer is not null || found.Count == 0)
                found.Add(byCustomer);
        }
        if (found.Count == 0 || found.Any(r => r is null))
            return (null, ConversionOutcome.ReferralNotFound);
        return found.Select(r => r!.Id).Distinct().Count() == 1 ? (found[0], ConversionOutcome.Created) : (null, ConversionOutcome.AmbiguousReferral);
    }

    private static async Task<Referral?> ByColumnAsync(DbConnection connection, string teamId, string column, string value)
    {
        var id = await connection.QueryFirstOrDefaultAsync<string?>(
            $"SELECT id FROM referrals WHERE team_id = @teamId AND {column} = @value AND deleted_at IS NULL AND status <> 'rejected' ORDER BY created_at DESC LIMIT 1",
            new { teamId, value });
        return id is null ? null : await ReferralStore.GetAsync(connection, null, teamId, id);
    }

    private static async Task<Referral?> ByLinkAsync(DbConnection connection, string teamId, string customerId)
    {
        var id = await connection.QueryFirstOrDefaultAsync<string?>(
            "SELECT referral_id FROM provider_links WHERE team_id = @teamId AND kind = 'customer' AND external_id = @customerId ORDER BY created_at LIMIT 1",
            new { teamId, customerId });
        return id is null ? null : await ReferralStore.GetAsync(connection, null, teamId, id);
    }
}
