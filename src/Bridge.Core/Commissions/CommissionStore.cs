using System.Text;

namespace Bridge.Core.Commissions;

public sealed record CommissionFilter(string? Status, string? SalesStatus, string? ReferralId, string? AffiliateId, DateTimeOffset? DateFrom, DateTimeOffset? DateTo, string Sort = "-created_at");

/// <summary>The fields PUT /v1/commissions/{id} may change (null = unchanged).</summary>
public sealed record CommissionChanges(string? Status, string? SalesStatus, int? HoldPeriodDays, long? SaleAmountMinor, string? SaleCurrency, long? CommissionAmountMinor, string? CommissionCurrency);

/// <summary>Reading commissions and the changes a merchant makes by hand (each one a ledger row).</summary>
public sealed class CommissionStore(BridgeDatabase database, TimeProvider clock)
{
    public static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["created_at"] = "created_at ASC, id ASC",
        ["-created_at"] = "created_at DESC, id DESC",
        ["commission_amount"] = "commission_amount_minor ASC, id ASC",
        ["-commission_amount"] = "commission_amount_minor DESC, id DESC",
    };

    public async Task<(IReadOnlyList<Commission> Items, long Total)> ListAsync(string teamId, CommissionFilter filter, int page, int limit, CancellationToken ct = default)
    {
        var where = new StringBuilder("team_id = @teamId AND deleted_at IS NULL");
        if (filter.Status is not null) where.Append(" AND status = @Status");
        if (filter.SalesStatus is not null) where.Append(" AND sales_status = @SalesStatus");
        if (filter.ReferralId is not null) where.Append(" AND referral_id = @ReferralId");
        if (filter.AffiliateId is not null) where.Append(" AND affiliate_id = @AffiliateId");
        if (filter.DateFrom is not null) where.Append(" AND created_at >= @DateFrom");
        if (filter.DateTo is not null) where.Append(" AND created_at <= @DateTo");
        var parameters = new { teamId, filter.Status, filter.SalesStatus, filter.ReferralId, filter.AffiliateId, filter.DateFrom, filter.DateTo, limit, offset = (page - 1) * limit };
        await using var connection = await database.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM commissions WHERE {where}", parameters);
        var items = await connection.QueryAsync<Commission>(
            $"SELECT {CommissionWriter.Columns} FROM commissions WHERE {where} ORDER BY {Sorts[filter.Sort]} LIMIT @limit OFFSET @offset", parameters);
        return (items.ToList(), total);
    }

    public async Task<Commission?> GetAsync(string teamId, string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await GetAsync(connection, null, teamId, id);
    }

    public static Task<Commission?> GetAsync(DbConnection connection, DbTransaction? transaction, string teamId, string id) =>
        connection.QuerySingleOrDefaultAsync<Commission>(
            $"SELECT {CommissionWriter.Columns} FROM commissions WHERE team_id = @teamId AND id = @id AND deleted_at IS NULL", new { teamId, id }, transaction);

    public async Task<Commission?> FindByExternalEventAsync(string teamId, string externalEventId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<Commission>(
            $"SELECT {CommissionWriter.Columns} FROM commissions WHERE team_id = @teamId AND external_event_id = @externalEventId AND earning_type <> @clawback AND deleted_at IS NULL",
            new { teamId, externalEventId, clawback = EarningType.Clawback });
    }

    public async Task<IReadOnlyList<LedgerEntry>> LedgerAsync(string teamId, string commissionId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<LedgerEntry>(
            "SELECT * FROM commission_ledger WHERE team_id = @teamId AND commission_id = @commissionId ORDER BY created_at, id", new { teamId, commissionId })).ToList();
    }

    /// <summary>A commission created by hand (POST /v1/commissions): the amounts are the merchant's, not computed.</summary>
    public Task<Commission> CreateManualAsync(Commission draft, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var now = clock.GetUtcNow();
            var commission = CommissionWriter.Copy(draft, draft.SaleAmountMinor, draft.CommissionAmountMinor, draft.Status, draft.SalesStatus, now);
            await new CommissionWriter(connection, transaction, database.IsPostgres, clock).InsertAsync(commission, "manual", null, "created by hand");
            return commission;
        }, ct);

    public Task<Commission?> UpdateAsync(string teamId, string id, CommissionChanges changes, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var current = await GetAsync(connection, transaction, teamId, id);
            if (current is null)
                return null;
            var now = clock.GetUtcNow();
            await connection.ExecuteAsync("""
                UPDATE commissions SET status = @status, sales_status = @salesStatus, hold_period_days = @hold, sale_amount_minor = @sale,
                    sale_currency = @saleCurrency, commission_amount_minor = @commission, commission_currency = @commissionCurrency,
                    hold_until = CASE WHEN @holdChanged = @yes THEN @holdUntil WHEN @statusChanged = @yes THEN NULL ELSE hold_until END, updated_at = @now
                WHERE id = @id
                """, new
            {
                status = changes.Status ?? current.Status,
                salesStatus = changes.SalesStatus ?? current.SalesStatus,
                hold = changes.HoldPeriodDays ?? current.HoldPeriodDays,
                sale = changes.SaleAmountMinor ?? current.SaleAmountMinor,
                saleCurrency = changes.SaleCurrency ?? current.SaleCurrency,
                commission = changes.CommissionAmountMinor ?? current.CommissionAmountMinor,
                commissionCurrency = changes.CommissionCurrency ?? current.CommissionCurrency,
                holdChanged = changes.HoldPeriodDays is not null,
                // A status set by hand is the merchant's: the hold sweep no longer moves it.
                statusChanged = changes.Status is not null && changes.Status != current.Status,
                holdUntil = changes.HoldPeriodDays is { } days && days > 0 ? HoldStart(current).AddDays(days) : (DateTimeOffset?)null,
                yes = true,
                now,
                id,
            }, transaction);
            var updated = (await GetAsync(connection, transaction, teamId, id))!;
            await new CommissionWriter(connection, transaction, database.IsPostgres, clock).AppendLedgerAsync(updated, "manual_update", null,
                updated.SaleAmountMinor - current.SaleAmountMinor, updated.CommissionAmountMinor - current.CommissionAmountMinor, "changed through the API", current.Status);
            return updated;
        }, ct);

    /// <summary>
    /// When the commission's hold started: the payment's own time for a held commission (its hold_until minus its days, see
    /// <see cref="CommissionRules.InitialStatus"/>), else its creation. A changed hold counts from the same start.
    /// </summary>
    private static DateTimeOffset HoldStart(Commission c) =>
        c.HoldUntil is { } until && c.HoldPeriodDays is > 0 ? until.AddDays(-c.HoldPeriodDays.Value) : c.CreatedAt;

    /// <summary>Soft delete, recorded in the ledger as the reversal of what remained.</summary>
    public Task<bool> DeleteAsync(string teamId, string id, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var current = await GetAsync(connection, transaction, teamId, id);
            if (current is null)
                return false;
            await connection.ExecuteAsync("UPDATE commissions SET deleted_at = @now WHERE id = @id", new { now = clock.GetUtcNow(), id }, transaction);
            await new CommissionWriter(connection, transaction, database.IsPostgres, clock).AppendLedgerAsync(current, "deleted", null,
                -current.SaleAmountMinor, -current.CommissionAmountMinor, "deleted through the API", current.Status);
            return true;
        }, ct);
}
