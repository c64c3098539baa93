using Dapper;
using Npgsql;

namespace Bridge.Reliability.MultiProcess;

/// <summary>Sequential collection: the multi-process suites each load the machine's CPUs; they must not overlap.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MultiProcessCollection
{
    public const string Name = "Reliability: multi-process";
}

/// <summary>One inbox row with its attempt log, read straight from the database.</summary>
public sealed class InboxRow
{
    public string Id { get; set; } = "";
    public string ProviderEventId { get; set; } = "";
    public string Status { get; set; } = "";
    public string? Reason { get; set; }
    public int Attempts { get; set; }
    public int AttemptRows { get; set; }
    public int ProcessedRows { get; set; }
}

/// <summary>What the ledger holds for a set of one-time payments, checked payment by payment.</summary>
public sealed record Settlement(int Payments, int Commissions, long CommissionSum, long ExpectedSum, int Lost, int DoubleCounted)
{
    public string Money(long minor) => (minor / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Assertions made in the database itself (Npgsql + Dapper on the bridge's connection string).</summary>
public static class LedgerCheck
{
    private sealed class PaymentRow
    {
        public string PaymentIntent { get; set; } = "";
        public long AmountMinor { get; set; }
    }

    private sealed class CommissionRow
    {
        public string? PaymentIntent { get; set; }
        public string EarningType { get; set; } = "";
        public long CommissionMinor { get; set; }
    }

    /// <summary>A connection of the test's own, unpooled (so none goes stale across a database restart).</summary>
    public static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>Waits until the team has <paramref name="expectedEvents"/> inbox rows and none is pending, processing or parked.</summary>
    public static async Task WaitSettledAsync(string connectionString, string teamId, int expectedEvents, TimeSpan timeout, CancellationToken ct, bool parkedIsOpen = true)
    {
        var deadline = DateTime.UtcNow + timeout;
        var open = parkedIsOpen ? "('pending', 'processing', 'parked')" : "('pending', 'processing')";
        while (true)
        {
            await using (var db = await OpenAsync(connectionString, ct))
            {
                var (total, unsettled) = await db.QuerySingleAsync<(int, int)>(
                    $"SELECT count(*)::int, (count(*) FILTER (WHERE status IN {open}))::int FROM inbound_events WHERE team_id = @teamId", new { teamId });
                if (total >= expectedEvents && unsettled == 0)
                    return;
                if (DateTime.UtcNow > deadline)
                {
                    var stuck = await db.QueryAsync<string>($"""
                        SELECT provider_event_id || '=' || status || ' (attempts ' || attempts || ', ' || coalesce(reason, '') || ')'
                        FROM inbound_events WHERE team_id = @teamId AND status IN {open} LIMIT 10
                        """, new { teamId });
                    throw new TimeoutException($"inbox not settled after {timeout.TotalSeconds:0} s: {total} of {expectedEvents} stored, {unsettled} open: {string.Join(", ", stuck)}");
                }
            }
            await Task.Delay(100, ct);
        }
    }

    public static async Task<IReadOnlyList<InboxRow>> InboxAsync(string connectionString, string teamId, CancellationToken ct)
    {
        await using var db = await OpenAsync(connectionString, ct);
        return (await db.QueryAsync<InboxRow>("""
            SELECT e.id AS "Id", e.provider_event_id AS "ProviderEventId", e.status AS "Status", e.reason AS "Reason", e.attempts AS "Attempts",
                (SELECT count(*)::int FROM inbound_attempts a WHERE a.inbound_event_id = e.id) AS "AttemptRows",
                (SELECT count(*)::int FROM inbound_attempts a WHERE a.inbound_event_id = e.id AND a.outcome = 'processed') AS "ProcessedRows"
            FROM inbound_events e WHERE e.team_id = @teamId
            """, new { teamId })).ToList();
    }

    /// <summary>How many distinct bridge processes (host:pid) recorded processing attempts for the team.</summary>
    public static async Task<int> ProcessesThatWorkedAsync(string connectionString, string teamId, CancellationToken ct)
    {
        await using var db = await OpenAsync(connectionString, ct);
        return await db.ExecuteScalarAsync<int>("""
            SELECT count(DISTINCT split_part(a.worker, ':', 1) || ':' || split_part(a.worker, ':', 2))::int
            FROM inbound_attempts a JOIN inbound_events e ON e.id = a.inbound_event_id WHERE e.team_id = @teamId
            """, new { teamId });
    }

    /// <summary>
    /// Checks that the team's ledger holds exactly one payment per expected PaymentIntent with its amount, and exactly one
    /// direct commission per payment of exactly 30 % (half away from zero), nothing else. Returns the figures.
    /// </summary>
    public static async Task<Settlement> AssertOneCommissionPerPaymentAsync(string connectionString, string teamId, IReadOnlyDictionary<string, long> expected, CancellationToken ct)
    {
        await using var db = await OpenAsync(connectionString, ct);
        var payments = (await db.QueryAsync<PaymentRow>(
            """SELECT provider_payment_id AS "PaymentIntent", amount_minor AS "AmountMinor" FROM payments WHERE team_id = @teamId""", new { teamId })).ToList();
        var commissions = (await db.QueryAsync<CommissionRow>("""
            SELECT p.provider_payment_id AS "PaymentIntent", c.earning_type AS "EarningType", c.commission_amount_minor AS "CommissionMinor"
            FROM commissions c LEFT JOIN payments p ON p.id = c.payment_id
            WHERE c.team_id = @teamId AND c.deleted_at IS NULL
            """, new { teamId })).ToList();

        var paymentsByIntent = payments.GroupBy(p => p.PaymentIntent).ToDictionary(g => g.Key, g => g.ToList());
        var commissionsByIntent = commissions.GroupBy(c => c.PaymentIntent ?? "").ToDictionary(g => g.Key, g => g.ToList());
        var lost = expected.Keys.Count(intent => !paymentsByIntent.ContainsKey(intent) || !commissionsByIntent.ContainsKey(intent));
        var doubleCounted = paymentsByIntent.Values.Sum(list => list.Count - 1) + commissionsByIntent.Values.Sum(list => list.Count - 1)
                            + paymentsByIntent.Keys.Count(intent => !expected.ContainsKey(intent)) + commissionsByIntent.Keys.Count(intent => !expected.ContainsKey(intent));
        var wrong = new List<string>();
        foreach (var (intent, amount) in expected)
        {
            if (paymentsByIntent.TryGetValue(intent, out var p) && p.Any(row => row.AmountMinor != amount))
                wrong.Add($"{intent}: payment {p[0].AmountMinor}, sent {amount}");
            if (commissionsByIntent.TryGetValue(intent, out var c) && c.Any(row => row.CommissionMinor != Webhooks.ThirtyPercent(amount) || row.EarningType != "direct_commission"))
                wrong.Add($"{intent}: {c[0].EarningType} {c[0].CommissionMinor}, expected {Webhooks.ThirtyPercent(amount)} on {amount}");
        }
        var settlement = new Settlement(payments.Count, commissions.Count, commissions.Sum(c => c.CommissionMinor), expected.Values.Sum(Webhooks.ThirtyPercent), lost, doubleCounted);

        Assert.True(lost == 0, $"{lost} payment(s) lost (no payment or no commission): {string.Join(", ", expected.Keys.Where(i => !paymentsByIntent.ContainsKey(i) || !commissionsByIntent.ContainsKey(i)).Take(10))}");
        Assert.True(doubleCounted == 0, $"{doubleCounted} payment(s)/commission(s) counted twice or unexpected: " +
            string.Join(", ", paymentsByIntent.Where(g => g.Value.Count > 1).Select(g => g.Key).Concat(commissionsByIntent.Where(g => g.Value.Count > 1).Select(g => g.Key)).Take(10)));
        Assert.True(wrong.Count == 0, $"{wrong.Count} amount(s) wrong: {string.Join("; ", wrong.Take(10))}");
        Assert.Equal(expected.Count, settlement.Payments);
        Assert.Equal(expected.Count, settlement.Commissions);
        Assert.Equal(settlement.ExpectedSum, settlement.CommissionSum);
        return settlement;
    }
}
