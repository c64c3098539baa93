using System.Text;

namespace Bridge.Core.Inbox;

/// <summary>
/// The inbox of verified provider deliveries: unique per (connection, provider event id), claimed by workers (on
/// PostgreSQL with <c>FOR UPDATE SKIP LOCKED</c>, so several bridge instances share the work without double processing).
/// </summary>
public sealed class InboxStore : IAsyncDisposable
{
    private readonly BridgeDatabase database;
    private readonly TimeProvider clock;
    private readonly GroupCommit<InboundEvent, (string Id, bool Duplicate)> _writer;

    public InboxStore(BridgeDatabase database, TimeProvider clock)
    {
        this.database = database;
        this.clock = clock;
        _writer = new GroupCommit<InboundEvent, (string, bool)>(database, InsertAsync, e => e.ConnectionId + "|" + e.ProviderEventId);
    }

    private const string Columns = """
        id, team_id, connection_id, provider, provider_event_id, event_type, live_mode, headers_json, body, received_at, status, reason,
        attempts, next_attempt_at, claimed_by, claimed_until, waiting_for, parked_until, processed_at
        """;

    /// <summary>
    /// Stores a delivery once (group-committed with concurrent deliveries; answered only after the commit). A repeat
    /// returns the first delivery's id and <c>Duplicate = true</c>.
    /// </summary>
    public Task<(string Id, bool Duplicate)> InsertAsync(InboundEvent inbound, CancellationToken ct = default) => _writer.SubmitAsync(inbound, ct);

    private static async Task<(string Id, bool Duplicate)> InsertAsync(DbConnection connection, DbTransaction transaction, InboundEvent inbound)
    {
        var inserted = await connection.QueryFirstOrDefaultAsync<string>($"""
            INSERT INTO inbound_events ({Columns})
            VALUES (@Id, @TeamId, @ConnectionId, @Provider, @ProviderEventId, @EventType, @LiveMode, @HeadersJson, @Body, @ReceivedAt, @Status, @Reason,
                0, @ReceivedAt, NULL, NULL, NULL, NULL, NULL)
            ON CONFLICT (connection_id, provider_event_id) DO NOTHING
            RETURNING id
            """, inbound, transaction);
        if (inserted is not null)
            return (inserted, false);
        var existing = await connection.QuerySingleAsync<string>(
            "SELECT id FROM inbound_events WHERE connection_id = @ConnectionId AND provider_event_id = @ProviderEventId", inbound, transaction);
        return (existing, true);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    /// <summary>
    /// Claims up to <paramref name="batch"/> due events: pending ones whose retry time has come, processing ones whose
    /// worker's lease ran out (it crashed), and processing ones this worker still holds — a worker claims only when its
    /// previous batch is over, so those are events it could not settle or release (the database went away mid-batch)
    /// and they need not wait out the lease. Each claim counts an attempt.
    /// </summary>
    public async Task<IReadOnlyList<InboundEvent>> ClaimAsync(string worker, int batch, TimeSpan lease, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        // Two index-friendly claims (an OR of both would scan the inbox): abandoned claims first, then pending events.
        var claimed = await database.InTransactionAsync(async (connection, transaction) =>
        {
            var rows = (await ClaimWhereAsync(connection, transaction, "status = @processing AND (claimed_until < @now OR claimed_by = @worker)", worker, batch, lease, now)).ToList();
            if (rows.Count < batch)
                rows.AddRange(await ClaimWhereAsync(connection, transaction, "status = @pending AND next_attempt_at <= @now", worker, batch - rows.Count, lease, now));
            return rows;
        }, ct);
        return claimed.OrderBy(e => e.ReceivedAt).ThenBy(e => e.Id).ToList();
    }

    private Task<IEnumerable<InboundEvent>> ClaimWhereAsync(DbConnection connection, DbTransaction transaction, string condition, string worker, int batch, TimeSpan lease, DateTimeOffset now) =>
        connection.QueryAsync<InboundEvent>($"""
            UPDATE inbound_events SET status = @processing, claimed_by = @worker, claimed_until = @until, attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM inbound_events WHERE {condition}
                ORDER BY next_attempt_at, id
                LIMIT @batch {(database.IsPostgres ? "FOR UPDATE SKIP LOCKED" : "")})
            RETURNING {Columns}
            """, new { processing = InboundStatus.Processing, pending = InboundStatus.Pending, worker, until = now + lease, now, batch }, transaction);

    /// <summary>Events that are due now or later: the earliest time a pending event becomes due (for the worker's sleep).</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(
            "SELECT MIN(next_attempt_at) FROM inbound_events WHERE status = @pending", new { pending = InboundStatus.Pending });
    }

    private const string AttemptSql = """
        INSERT INTO inbound_attempts (inbound_event_id, attempt, worker, started_at, finished_at, outcome, reason)
        VALUES (@Id, @Attempts, @worker, @startedAt, @finishedAt, @outcome, @reason)
        ON CONFLICT (inbound_event_id, attempt) DO UPDATE SET finished_at = @finishedAt, outcome = @outcome, reason = @reason
        """;

    /// <summary>One attempt, started and finished (written once, at the end of a successful attempt).</summary>
    public static Task RecordAttemptAsync(DbConnection connection, DbTransaction? transaction, InboundEvent inbound, string worker, DateTimeOffset startedAt, string outcome, string? reason, DateTimeOffset finishedAt) =>
        connection.ExecuteAsync(AttemptSql, new { inbound.Id, inbound.Attempts, worker, startedAt, finishedAt, outcome, reason }, transaction);

    private const string SettleSql = """
        UPDATE inbound_events SET status = @status, reason = @reason, waiting_for = @waitingFor, parked_until = @parkedUntil,
            next_attempt_at = @nextAttemptAt, claimed_by = NULL, claimed_until = NULL,
            processed_at = CASE WHEN @final = @yes THEN @now ELSE processed_at END
        WHERE id = @Id AND claimed_by = @worker
        """;

    /// <summary>Records the final (or parked) state of an event, only if this worker still holds it.</summary>
    public static async Task<bool> SettleAsync(DbConnection connection, DbTransaction transaction, InboundEvent inbound, string worker, string status, string? reason,
        string? waitingFor, DateTimeOffset? parkedUntil, DateTimeOffset? nextAttemptAt, DateTimeOffset now) =>
        await connection.ExecuteAsync(SettleSql, SettleParameters(inbound, worker, status, reason, waitingFor, parkedUntil, nextAttemptAt, now), transaction) == 1;

    /// <summary>
    /// The end of a successful attempt: <see cref="SettleAsync"/>, then <see cref="RecordAttemptAsync"/>, then the
    /// caller's <paramref name="then"/> statements (e.g. savepoint bookkeeping). On PostgreSQL all of it is one command,
    /// one round trip. False when this worker no longer held the claim; on PostgreSQL <paramref name="then"/> has run by
    /// then, so the caller must abandon its transaction rather than roll back to a savepoint.
    /// </summary>
    public static async Task<bool> SettleAndRecordAttemptAsync(DbConnection connection, DbTransaction transaction, bool postgres, InboundEvent inbound, string worker,
        string status, string? reason, string? waitingFor, DateTimeOffset? parkedUntil, DateTimeOffset? nextAttemptAt, DateTimeOffset now, DateTimeOffset finishedAt,
        string then)
    {
        if (!postgres)
        {
            if (!await SettleAsync(connection, transaction, inbound, worker, status, reason, waitingFor, parkedUntil, nextAttemptAt, now))
                return false;
            await RecordAttemptAsync(connection, transaction, inbound, worker, now, status, reason, finishedAt);
            await connection.ExecuteAsync(then, transaction: transaction);
            return true;
        }
        var parameters = new DynamicParameters(SettleParameters(inbound, worker, status, reason, waitingFor, parkedUntil, nextAttemptAt, now));
        parameters.AddDynamicParams(new { inbound.Attempts, startedAt = now, finishedAt, outcome = status });
        // Npgsql sends the statements as one batch and returns the rows they changed together: the settle (1 while the
        // claim is held) plus the attempt row (always 1).
        return await connection.ExecuteAsync($"{SettleSql};\n{AttemptSql};\n{then}", parameters, transaction) == 2;
    }

    private static object SettleParameters(InboundEvent inbound, string worker, string status, string? reason, string? waitingFor, DateTimeOffset? parkedUntil,
        DateTimeOffset? nextAttemptAt, DateTimeOffset now) => new
    {
        status, reason, waitingFor, parkedUntil, nextAttemptAt, now, worker, inbound.Id, yes = true,
        final = status is InboundStatus.Processed or InboundStatus.Ignored or InboundStatus.Failed,
    };

    /// <summary>Records what an event mapped to (replacing an earlier attempt's rows, if any).</summary>
    public static async Task ReplacePaymentsAsync(DbConnection connection, DbTransaction transaction, string inboundEventId, IEnumerable<InboundPayment> payments, bool firstAttempt = false)
    {
        if (!firstAttempt)
            await connection.ExecuteAsync("DELETE FROM inbound_event_payments WHERE inbound_event_id = @inboundEventId", new { inboundEventId }, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO inbound_event_payments (inbound_event_id, seq, kind, ignored_reason, amount_minor, cumulative_refunded_minor, currency,
                provider_payment_id, refund_id, customer_id, subscription_id, click_id, external_user_id, email, occurred_at, outcome, referral_id,
                payment_id, commission_ids)
            VALUES (@InboundEventId, @Seq, @Kind, @IgnoredReason, @AmountMinor, @CumulativeRefundedMinor, @Currency, @ProviderPaymentId, @RefundId,
                @CustomerId, @SubscriptionId, @ClickId, @ExternalUserId, @Email, @OccurredAt, @Outcome, @ReferralId, @PaymentId, @CommissionIds)
            """, payments, transaction);
    }

    /// <summary>Whether the team has any parked event (what <see cref="WakeAsync"/> could wake).</summary>
    public static async Task<bool> AnyParkedAsync(DbConnection connection, DbTransaction transaction, string teamId) =>
        // "waiting_for IS NOT NULL" (only parked events have it) matches the partial index inbound_events_waiting, so this
        // stays one short index probe however many processed events the team has and whatever the table statistics say.
        await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM (SELECT 1 FROM inbound_events WHERE team_id = @teamId AND waiting_for IS NOT NULL AND status = @parked LIMIT 1) parked",
            new { teamId, parked = InboundStatus.Parked }, transaction) > 0;

    /// <summary>
    /// Parked events of a team waiting on any of these keys become due now; returns how many woke.
    /// <paramref name="anyParked"/>: the caller already knows whether the team has parked events (null: look).
    /// </summary>
    public static async Task<int> WakeAsync(DbConnection connection, DbTransaction transaction, string teamId, IReadOnlyCollection<string> keys, DateTimeOffset now,
        bool? anyParked = null)
    {
        if (keys.Count == 0 || !(anyParked ?? await AnyParkedAsync(connection, transaction, teamId)))
            return 0;
        var woken = 0;
        foreach (var key in keys)
            woken += await connection.ExecuteAsync("""
                UPDATE inbound_events SET status = @pending, next_attempt_at = @now
                WHERE team_id = @teamId AND waiting_for IS NOT NULL AND status = @parked AND waiting_for LIKE @pattern
                """, new { pending = InboundStatus.Pending, parked = InboundStatus.Parked, teamId, now, pattern = "% " + key + " %" }, transaction);
        return woken;
    }

    /// <summary>The parking sweep: parked events due for a retry (or whose window ended) become pending.</summary>
    public async Task<int> ResumeParkedAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(
            "UPDATE inbound_events SET status = @pending WHERE status = @parked AND next_attempt_at <= @now",
            new { pending = InboundStatus.Pending, parked = InboundStatus.Parked, now = clock.GetUtcNow() });
    }

    /// <summary>
    /// Retries a failure later (exponential back-off chosen by the caller) or gives up. An event released unstarted (at
    /// shutdown, <paramref name="countAttempt"/> false) gets back the attempt its claim counted.
    /// </summary>
    public async Task ReleaseAsync(InboundEvent inbound, string worker, string status, string reason, DateTimeOffset? nextAttemptAt, CancellationToken ct = default, bool countAttempt = true)
    {
        var now = clock.GetUtcNow();
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            if (countAttempt)
                await RecordAttemptAsync(connection, transaction, inbound, worker, now, "error", reason, now);
            else
                await connection.ExecuteAsync("UPDATE inbound_events SET attempts = attempts - 1 WHERE id = @Id AND claimed_by = @worker AND attempts > 0",
                    new { inbound.Id, worker }, transaction);
            await SettleAsync(connection, transaction, inbound, worker, status, reason, inbound.WaitingFor, inbound.ParkedUntil, nextAttemptAt, now);
        }, ct);
    }

    public async Task<InboundEvent?> GetAsync(string teamId, string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<InboundEvent>(
            $"SELECT {Columns} FROM inbound_events WHERE team_id = @teamId AND id = @id", new { teamId, id });
    }

    public async Task<(IReadOnlyList<InboundEvent> Items, bool HasMore)> ListAsync(string teamId, InboundQuery query, CancellationToken ct = default)
    {
        var where = new StringBuilder("team_id = @teamId");
        if (query.Provider is not null) where.Append(" AND provider = @Provider");
        if (query.Status is not null) where.Append(" AND status = @Status");
        if (query.Type is not null) where.Append(" AND event_type = @Type");
        if (query.Search is not null) where.Append(" AND (provider_event_id = @Search OR id = @Search OR reason LIKE @like)");
        if (query.StartingAfter is not null) where.Append(" AND id < @StartingAfter");
        await using var connection = await database.OpenAsync(ct);
        var rows = (await connection.QueryAsync<InboundEvent>(
            $"SELECT {Columns} FROM inbound_events WHERE {where} ORDER BY id DESC LIMIT @take",
            new { teamId, query.Provider, query.Status, query.Type, query.Search, like = "%" + query.Search + "%", query.StartingAfter, take = query.Limit + 1 })).ToList();
        return (rows.Take(query.Limit).ToList(), rows.Count > query.Limit);
    }

    public async Task<IReadOnlyList<InboundAttempt>> AttemptsAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<InboundAttempt>(
            "SELECT * FROM inbound_attempts WHERE inbound_event_id = @id ORDER BY attempt", new { id })).ToList();
    }

    public async Task<IReadOnlyList<InboundPayment>> PaymentsAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<InboundPayment>(
            "SELECT * FROM inbound_event_payments WHERE inbound_event_id = @id ORDER BY seq", new { id })).ToList();
    }

    /// <summary>Queues events again (one, or every event of a team in a status). Processing is idempotent, so this is safe.</summary>
    public async Task<int> RedriveAsync(string teamId, string? id, string? status, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync($"""
            UPDATE inbound_events SET status = @pending, next_attempt_at = @now, reason = NULL, parked_until = NULL, waiting_for = NULL
            WHERE team_id = @teamId AND status <> @processing {(id is not null ? "AND id = @id" : "AND status = @status")}
            """, new { pending = InboundStatus.Pending, processing = InboundStatus.Processing, now = clock.GetUtcNow(), teamId, id, status });
    }
}
