using System.Text;
using Bridge.Core.Outbound;

namespace Bridge.Core.Referrals;

/// <summary>Referrals, clicks included. Every query is scoped by team; deleted referrals read as absent.</summary>
public sealed class ReferralStore(BridgeDatabase database, TimeProvider clock)
{
    private const string Columns = """
        id, team_id, program_id, affiliate_id, status, email, name, external_user_id, customer_id, subscription_id, metadata_json,
        fraud_flags, sub1, sub2, sub3, sub4, sub5, referrer, ip, user_agent, utm_source, utm_medium, utm_campaign, utm_term,
        utm_content, gclid, fbclid, msclkid, ttclid, created_at, updated_at, converted_at
        """;

    /// <summary>Inserts a referral as given (a click, or a manual referral); the caller fills id and times.</summary>
    public async Task InsertAsync(Referral referral, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await InsertAsync(connection, null, referral);
    }

    public static Task InsertAsync(DbConnection connection, DbTransaction? transaction, Referral referral) =>
        connection.ExecuteAsync($"""
            INSERT INTO referrals ({Columns})
            VALUES (@Id, @TeamId, @ProgramId, @AffiliateId, @Status, @Email, @Name, @ExternalUserId, @CustomerId, @SubscriptionId, @MetadataJson,
                @FraudFlags, @Sub1, @Sub2, @Sub3, @Sub4, @Sub5, @Referrer, @Ip, @UserAgent, @UtmSource, @UtmMedium, @UtmCampaign, @UtmTerm,
                @UtmContent, @Gclid, @Fbclid, @Msclkid, @Ttclid, @CreatedAt, @UpdatedAt, @ConvertedAt)
            """, referral, transaction);

    public async Task<Referral?> GetAsync(string teamId, string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await GetAsync(connection, null, teamId, id);
    }

    public static Task<Referral?> GetAsync(DbConnection connection, DbTransaction? transaction, string teamId, string id) =>
        connection.QuerySingleOrDefaultAsync<Referral>(
            $"SELECT {Columns} FROM referrals WHERE team_id = @teamId AND id = @id AND deleted_at IS NULL", new { teamId, id }, transaction);

    /// <summary>
    /// Turns a click into a lead (or a rejected lead) exactly once: the conditional update wins for one caller; every
    /// other concurrent or later call gets the existing referral and <c>created = false</c>.
    /// </summary>
    /// <remarks>
    /// The winner's change, its outbound events (<c>referral.lead</c> unless rejected, <c>referral.updated</c>) and
    /// whatever <paramref name="afterSignup"/> adds (a lead commission) commit together.
    /// </remarks>
    public Task<(Referral? Referral, bool Created)> SignupAsync(string teamId, string clickId, string status, string? email, string? name, string? externalUserId,
        string? fraudFlags, CancellationToken ct = default, Func<DbConnection, DbTransaction, Referral, Task>? afterSignup = null) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var now = clock.GetUtcNow();
            var changed = await connection.ExecuteAsync("""
                UPDATE referrals SET status = @status, email = @email, name = @name, external_user_id = @externalUserId,
                    fraud_flags = @fraudFlags, updated_at = @now
                WHERE team_id = @teamId AND id = @clickId AND status = @click AND deleted_at IS NULL
                """, new { teamId, clickId, status, email, name, externalUserId, fraudFlags, now, click = ReferralStatus.Click }, transaction);
            var referral = await GetAsync(connection, transaction, teamId, clickId);
            if (changed == 1 && referral is not null)
            {
                await Outbox.ReferralChangedAsync(connection, transaction, referral, status == ReferralStatus.Lead ? OutboundEventTypes.ReferralLead : null, now);
                if (afterSignup is not null)
                    await afterSignup(connection, transaction, referral);
            }
            return (referral, changed == 1);
        }, ct);

    /// <summary>A referral created through the API (<c>referral.updated</c> is sent on create too).</summary>
    public Task CreateAsync(Referral referral, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            await InsertAsync(connection, transaction, referral);
            await Outbox.ReferralChangedAsync(connection, transaction, referral, null, clock.GetUtcNow());
        }, ct);

    public async Task<(IReadOnlyList<Referral> Items, bool HasMore)> ListAsync(string teamId, ReferralQuery query, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var where = new StringBuilder("team_id = @teamId AND deleted_at IS NULL AND status <> @click");
        if (query.AffiliateId is not null) where.Append(" AND affiliate_id = @AffiliateId");
        if (query.Status is not null) where.Append(" AND status = @Status");
        if (query.ExternalUserId is not null) where.Append(" AND external_user_id = @ExternalUserId");
        if (query.Email is not null) where.Append(" AND lower(email) = lower(@Email)");
        if (query.CreatedGte is not null) where.Append(" AND created_at >= @CreatedGte");
        if (query.CreatedLte is not null) where.Append(" AND created_at <= @CreatedLte");

        // ending_before pages backwards: read in the opposite order, then flip.
        var backwards = query.EndingBefore is not null;
        var cursorId = query.EndingBefore ?? query.StartingAfter;
        DateTimeOffset? cursorAt = null;
        if (cursorId is not null)
        {
            cursorAt = await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(
                "SELECT created_at FROM referrals WHERE team_id = @teamId AND id = @cursorId", new { teamId, cursorId });
            if (cursorAt is null)
                return ([], false);
            var readAscending = query.Ascending != backwards;
            where.Append(readAscending ? " AND (created_at, id) > (@cursorAt, @cursorId)" : " AND (created_at, id) < (@cursorAt, @cursorId)");
        }
        var ascending = query.Ascending != backwards;
        var direction = ascending ? "ASC" : "DESC";
        var rows = (await connection.QueryAsync<Referral>(
            $"SELECT {Columns} FROM referrals WHERE {where} ORDER BY created_at {direction}, id {direction} LIMIT @take",
            new
            {
                teamId, click = ReferralStatus.Click, query.AffiliateId, query.Status, query.ExternalUserId, query.Email,
                query.CreatedGte, query.CreatedLte, cursorAt, cursorId, take = query.Limit + 1,
            })).ToList();
        var hasMore = rows.Count > query.Limit;
        var page = rows.Take(query.Limit).ToList();
        if (backwards)
            page.Reverse();
        return (page, hasMore);
    }

    /// <summary>Applies a PUT; a move off <c>lead</c> sets <c>converted_at</c> once.</summary>
    public Task<Referral?> UpdateAsync(string teamId, string id, ReferralChanges changes, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var current = await GetAsync(connection, transaction, teamId, id);
            if (current is null)
                return null;
            var clear = changes.Clear ?? new HashSet<string>();
            string? Pick(string field, string? sent, string? existing) => clear.Contains(field) ? null : sent ?? existing;
            var status = changes.Status ?? current.Status;
            var now = clock.GetUtcNow();
            var convertedAt = current.ConvertedAt ?? (status is not (ReferralStatus.Lead or ReferralStatus.Click or ReferralStatus.Rejected) ? now : null);
            await connection.ExecuteAsync("""
                UPDATE referrals SET email = @email, name = @name, customer_id = @customerId, subscription_id = @subscriptionId,
                    status = @status, metadata_json = @metadata, converted_at = @convertedAt, updated_at = @now
                WHERE team_id = @teamId AND id = @id
                """, new
            {
                email = Pick("email", changes.Email, current.Email),
                name = Pick("name", changes.Name, current.Name),
                customerId = Pick("customer_id", changes.CustomerId, current.CustomerId),
                subscriptionId = Pick("subscription_id", changes.SubscriptionId, current.SubscriptionId),
                metadata = Pick("metadata", changes.MetadataJson, current.MetadataJson),
                status, convertedAt, now, teamId, id,
            }, transaction);
            var updated = (await GetAsync(connection, transaction, teamId, id))!;
            var converted = current.ConvertedAt is null && updated.ConvertedAt is not null;
            await Outbox.ReferralChangedAsync(connection, transaction, updated, converted ? OutboundEventTypes.ReferralConverted : null, now);
            return updated;
        }, ct);

    public Task<bool> DeleteAsync(string teamId, string id, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var current = await GetAsync(connection, transaction, teamId, id);
            if (current is null)
                return false;
            var now = clock.GetUtcNow();
            await connection.ExecuteAsync("UPDATE referrals SET deleted_at = @now WHERE id = @id", new { id, now }, transaction);
            await Outbox.ReferralChangedAsync(connection, transaction, current, OutboundEventTypes.ReferralDeleted, now);
            return true;
        }, ct);

    /// <summary>Leads (not clicks) from one IP in a program since a moment: the duplicate-IP fraud rule.</summary>
    public async Task<long> CountLeadsFromIpAsync(string programId, string ip, DateTimeOffset since, string excludeId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM referrals
            WHERE program_id = @programId AND ip = @ip AND created_at >= @since AND status <> @click AND id <> @excludeId AND deleted_at IS NULL
            """, new { programId, ip, since, excludeId, click = ReferralStatus.Click });
    }

    /// <summary>Revenue (net of refunds), commission, order count and last order of one referral, in the program currency.</summary>
    public async Task<ReferralStats> StatsAsync(string teamId, string referralId, string currency, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var orders = await connection.QuerySingleAsync<OrderTotals>("""
            SELECT COALESCE(SUM(amount_minor - refunded_minor), 0) AS revenue, COUNT(*) AS orders, MAX(occurred_at) AS last_order_at
            FROM payments WHERE team_id = @teamId AND referral_id = @referralId AND currency = @currency
            """, new { teamId, referralId, currency });
        var commission = await connection.ExecuteScalarAsync<long>("""
            SELECT COALESCE(SUM(commission_amount_minor), 0) FROM commissions
            WHERE team_id = @teamId AND referral_id = @referralId AND commission_currency = @currency AND deleted_at IS NULL
              AND status NOT IN ('declined', 'refunded')
            """, new { teamId, referralId, currency });
        return new ReferralStats(orders.Revenue, commission, orders.Orders, orders.LastOrderAt, currency);
    }

    private sealed class OrderTotals
    {
        public long Revenue { get; init; }
        public long Orders { get; init; }
        public DateTimeOffset? LastOrderAt { get; init; }
    }
}
