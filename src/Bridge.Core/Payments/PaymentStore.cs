namespace Bridge.Core.Payments;

/// <summary>SQL for payments, their aliases, refunds and provider links; used inside the engine's transaction.</summary>
internal sealed class PaymentStore(DbConnection connection, DbTransaction transaction, bool postgres)
{
    public async Task<Payment?> FindAsync(string teamId, string provider, IReadOnlyList<string> ids)
    {
        if (ids.Count == 0)
            return null;
        // One equality branch per id (a payment by its own id, or by an alias): each is a lookup on a unique index,
        // whatever the statistics say. "= ANY(@ids)" let the planner of a young table (stale statistics) filter every
        // payment of the team instead — 3–5 ms per event in the benchmark.
        var parameters = new DynamicParameters(new { teamId, provider });
        var branches = new List<string>(ids.Count * 2);
        for (var i = 0; i < ids.Count; i++)
        {
            parameters.Add("id" + i, ids[i]);
            branches.Add($"SELECT p.* FROM payments p WHERE p.team_id = @teamId AND p.provider = @provider AND p.provider_payment_id = @id{i}");
            branches.Add($"""
                SELECT p.* FROM payment_aliases a JOIN payments p ON p.id = a.payment_id
                WHERE a.team_id = @teamId AND a.provider = @provider AND a.alias = @id{i}
                """);
        }
        return await connection.QueryFirstOrDefaultAsync<Payment>(
            $"SELECT * FROM ({string.Join("\nUNION ALL\n", branches)}) found ORDER BY created_at LIMIT 1", parameters, transaction);
    }

    /// <summary>Locks the payment row for the rest of the transaction (PostgreSQL; SQLite writers are already serialized).</summary>
    public Task<Payment> LockAsync(string paymentId) =>
        connection.QuerySingleAsync<Payment>(
            "SELECT * FROM payments WHERE id = @paymentId" + (postgres ? " FOR UPDATE" : ""), new { paymentId }, transaction);

    public Task<Payment?> LatestForCustomerAsync(string teamId, string provider, string customerId) =>
        connection.QueryFirstOrDefaultAsync<Payment>("""
            SELECT * FROM payments WHERE team_id = @teamId AND provider = @provider AND customer_id = @customerId AND refunded_minor < amount_minor
            ORDER BY occurred_at DESC LIMIT 1
            """, new { teamId, provider, customerId }, transaction);

    /// <summary>The first payment of a subscription (or, without one, of a customer): what a renewal continues.</summary>
    public Task<Payment?> AnchorAsync(string teamId, string provider, string? subscriptionId, string? customerId) =>
        subscriptionId is not null
            ? connection.QueryFirstOrDefaultAsync<Payment>(
                "SELECT * FROM payments WHERE team_id = @teamId AND provider = @provider AND subscription_id = @subscriptionId ORDER BY occurred_at, created_at LIMIT 1",
                new { teamId, provider, subscriptionId }, transaction)
            : customerId is not null
                ? connection.QueryFirstOrDefaultAsync<Payment>(
                    "SELECT * FROM payments WHERE team_id = @teamId AND provider = @provider AND customer_id = @customerId ORDER BY occurred_at, created_at LIMIT 1",
                    new { teamId, provider, customerId }, transaction)
                : Task.FromResult<Payment?>(null);

    /// <summary>Inserts the payment unless another event already did (then null: it is a duplicate).</summary>
    public async Task<bool> TryInsertAsync(Payment payment)
    {
        var inserted = await connection.QueryFirstOrDefaultAsync<string>("""
            INSERT INTO payments (id, team_id, provider, provider_payment_id, kind, referral_id, amount_minor, subtotal_minor, currency,
                customer_id, subscription_id, occurred_at, source_event_id, created_at)
            VALUES (@Id, @TeamId, @Provider, @ProviderPaymentId, @Kind, @ReferralId, @AmountMinor, @SubtotalMinor, @Currency,
                @CustomerId, @SubscriptionId, @OccurredAt, @SourceEventId, @CreatedAt)
            ON CONFLICT (team_id, provider, provider_payment_id) DO NOTHING
            RETURNING id
            """, payment, transaction);
        return inserted is not null;
    }

    public async Task AddAliasesAsync(string teamId, string provider, string paymentId, IEnumerable<string> aliases)
    {
        foreach (var alias in aliases)
            await connection.ExecuteAsync("""
                INSERT INTO payment_aliases (team_id, provider, alias, payment_id) VALUES (@teamId, @provider, @alias, @paymentId)
                ON CONFLICT (team_id, provider, alias) DO NOTHING
                """, new { teamId, provider, alias, paymentId }, transaction);
    }

    /// <summary>Fills what an earlier report of the same payment lacked (a later event may name the subscription).</summary>
    public Task FillMissingAsync(string paymentId, string? customerId, string? subscriptionId) =>
        connection.ExecuteAsync("""
            UPDATE payments SET customer_id = COALESCE(customer_id, @customerId), subscription_id = COALESCE(subscription_id, @subscriptionId)
            WHERE id = @paymentId
            """, new { paymentId, customerId, subscriptionId }, transaction);

    /// <summary>Attributes an unattributed payment; false when another event attributed it first.</summary>
    public async Task<bool> AttributeAsync(string paymentId, string referralId) =>
        await connection.ExecuteAsync(
            "UPDATE payments SET referral_id = @referralId WHERE id = @paymentId AND referral_id IS NULL",
            new { paymentId, referralId }, transaction) == 1;

    /// <summary>The payment's number among its referral's paid (non-zero) payments, by occurred-at, and the first one's time.</summary>
    public async Task<(int Number, DateTimeOffset FirstAt)> PositionAsync(string referralId, Payment payment)
    {
        var earlier = await connection.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM payments
            WHERE referral_id = @referralId AND amount_minor > 0 AND id <> @Id
              AND (occurred_at < @OccurredAt OR (occurred_at = @OccurredAt AND id < @Id))
            """, new { referralId, payment.Id, payment.OccurredAt }, transaction);
        var first = await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(
            "SELECT MIN(occurred_at) FROM payments WHERE referral_id = @referralId AND amount_minor > 0", new { referralId }, transaction);
        return ((int)earlier + 1, first ?? payment.OccurredAt);
    }

    public async Task<bool> RecordRefundAsync(string paymentId, string refundKey, long amountMinor, string sourceEventId, DateTimeOffset now) =>
        await connection.ExecuteAsync("""
            INSERT INTO payment_refunds (payment_id, refund_key, amount_minor, source_event_id, created_at)
            VALUES (@paymentId, @refundKey, @amountMinor, @sourceEventId, @now)
            ON CONFLICT (payment_id, refund_key) DO NOTHING
            """, new { paymentId, refundKey, amountMinor, sourceEventId, now }, transaction) == 1;

    public Task RaiseRunningTotalAsync(string paymentId, long total) =>
        connection.ExecuteAsync(
            "UPDATE payments SET cumulative_refunded_minor = @total WHERE id = @paymentId AND cumulative_refunded_minor < @total",
            new { paymentId, total }, transaction);

    public Task<long> SumOfRefundsAsync(string paymentId) =>
        connection.ExecuteScalarAsync<long>("SELECT COALESCE(SUM(amount_minor), 0) FROM payment_refunds WHERE payment_id = @paymentId", new { paymentId }, transaction);

    public Task SetRefundedAsync(string paymentId, long refunded) =>
        connection.ExecuteAsync("UPDATE payments SET refunded_minor = @refunded WHERE id = @paymentId", new { paymentId, refunded }, transaction);

    public async Task<bool> MarkDisputedAsync(string paymentId) =>
        await connection.ExecuteAsync("UPDATE payments SET disputed = @yes WHERE id = @paymentId AND disputed = @no",
            new { paymentId, yes = true, no = false }, transaction) == 1;

    public async Task LinkAsync(string teamId, string provider, string kind, string? externalId, string referralId, DateTimeOffset now)
    {
        if (externalId is null)
            return;
        await connection.ExecuteAsync("""
            INSERT INTO provider_links (team_id, provider, kind, external_id, referral_id, created_at)
            VALUES (@teamId, @provider, @kind, @externalId, @referralId, @now)
            ON CONFLICT (team_id, provider, kind, external_id) DO NOTHING
            """, new { teamId, provider, kind, externalId, referralId, now }, transaction);
    }

    public Task<string?> LinkedReferralAsync(string teamId, string provider, string kind, string? externalId) =>
        externalId is null
            ? Task.FromResult<string?>(null)
            : connection.QueryFirstOrDefaultAsync<string?>(
                "SELECT referral_id FROM provider_links WHERE team_id = @teamId AND provider = @provider AND kind = @kind AND external_id = @externalId",
                new { teamId, provider, kind, externalId }, transaction);
}
