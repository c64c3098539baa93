using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bridge.Reliability.MultiProcess;

/// <summary>
/// Database outage: a steady stream of webhooks to one bridge while its PostgreSQL (a cluster of this test's own) is
/// stopped for a while and started again. While it is down every answer is 503 SERVICE_UNAVAILABLE, never a 2xx; every
/// 2xx ever given is in the inbox afterwards; the sender retries what was refused (as providers do) and, with no
/// operator action and no restart, every event ends processed with exact counts.
/// Bounded: 5 s outage; full: 10 s.
/// </summary>
[Collection(MultiProcessCollection.Name)]
public sealed class DatabaseOutageTests
{
    private const int PerSecond = 40;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private sealed record Attempt(int Event, DeliveryResult Result);

    [Fact]
    public async Task NoAcknowledgementWithoutDurableWriteAndFullRecoveryAfterTheDatabaseReturns()
    {
        var ct = TestContext.Current.CancellationToken;
        if (!PostgresCluster.HasBinaries)
            Assert.Skip("needs PostgreSQL's server binaries (initdb, pg_ctl) to stop and start a cluster of its own");
        var outage = TimeSpan.FromSeconds(ReliabilitySize.Pick(5, 10));
        var n = (int)(PerSecond * (Warmup + outage + Cooldown).TotalSeconds);
        var started = Stopwatch.GetTimestamp();

        await using var cluster = await PostgresCluster.StartDedicatedAsync();
        var database = await cluster.CreateDatabaseAsync("outage");
        var team = await BridgeProcess.SeedAsync(database, ct);
        // Default settings (a 2 min claim lease): the worker takes back the claims it held when the database went away at
        // once, not after the lease, so recovery is prompt.
        await using var bridge = BridgeProcess.Start(database);
        await bridge.WaitReadyAsync(team.ApiKey, ct);
        string referral;
        using (var api = Webhooks.ApiClient(bridge.Url, team.ApiKey))
            referral = await Webhooks.ReferralAsync(api, team.ProgramId, team.TrackingId, "outage@shop.example", ct);

        var amounts = Webhooks.Amounts(n, seed: 3000);
        var created = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds();
        var events = Enumerable.Range(0, n).Select(i => (
            Id: $"evt_outage_{i:D5}",
            Body: StripeBodies.OneTimeCheckout($"evt_outage_{i:D5}", $"cs_outage_{i:D5}", $"pi_outage_{i:D5}", "cus_outage", amounts[i], "usd", referral, created + i))).ToArray();

        // The sender: one new event every 1/PerSecond s; a refused or unanswered delivery is retried RetryAfter later.
        var attempts = new ConcurrentBag<Attempt>();
        var acks = new ConcurrentDictionary<int, string>();
        var retries = new ConcurrentQueue<(int Event, long Due)>();
        using var http = Webhooks.NewClient(128, TimeSpan.FromSeconds(30));
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var inFlight = new ConcurrentDictionary<Task, bool>();
        var sender = Task.Run(async () =>
        {
            var next = 0;
            var tick = Stopwatch.GetTimestamp();
            var deadline = DateTime.UtcNow.AddSeconds(n / PerSecond + 120);
            while (acks.Count < n && DateTime.UtcNow < deadline)
            {
                var batch = new List<int>();
                var due = (long)(Stopwatch.GetElapsedTime(tick).TotalSeconds * PerSecond);
                while (next < n && next < due)
                    batch.Add(next++);
                var now = Stopwatch.GetTimestamp();
                while (retries.TryPeek(out var retry) && retry.Due <= now && retries.TryDequeue(out retry))
                    batch.Add(retry.Event);
                foreach (var i in batch)
                {
                    var task = Task.Run(async () =>
                    {
                        var result = await Webhooks.DeliverAsync(http, bridge.Url, team.ConnectionId, events[i].Id, events[i].Body, sending.Token);
                        attempts.Add(new Attempt(i, result));
                        if (result.Acknowledged)
                            acks[i] = result.AckId!;
                        else
                            retries.Enqueue((i, Stopwatch.GetTimestamp() + (long)(RetryAfter.TotalSeconds * Stopwatch.Frequency)));
                    }, sending.Token);
                    inFlight[task] = true;
                    _ = task.ContinueWith(t => inFlight.TryRemove(t, out _), TaskScheduler.Default);
                }
                await Task.Delay(1000 / PerSecond, sending.Token);
            }
            await Task.WhenAll(inFlight.Keys);
        }, sending.Token);

        long stopRequested, down, startRequested, up;
        try
        {
            await Task.Delay(Warmup, ct);
            stopRequested = Stopwatch.GetTimestamp();
            await cluster.StopAsync();
            down = Stopwatch.GetTimestamp();
            await Task.Delay(outage, ct);
            startRequested = Stopwatch.GetTimestamp();
            await cluster.StartAgainAsync();
            up = Stopwatch.GetTimestamp();
            await sender;
        }
        finally
        {
            await sending.CancelAsync();
        }

        var all = attempts.ToList();
        Assert.True(acks.Count == n, $"only {acks.Count} of {n} events acknowledged by the end; last answers: " +
            string.Join("; ", all.OrderByDescending(a => a.Result.AnsweredAt).Take(5).Select(a => $"{a.Result.Status} {a.Result.ErrorCode} {a.Result.Failure}")) + "\n" + bridge.LogTail);

        // While the database was down (sent after it stopped, answered before it was being started): nothing but 503s.
        var during = all.Where(a => a.Result.SentAt >= down && a.Result.AnsweredAt <= startRequested).ToList();
        var duringAcked = during.Where(a => a.Result.Acknowledged).ToList();
        var during503 = during.Count(a => a.Result is { Status: 503, ErrorCode: "SERVICE_UNAVAILABLE", RetryAfter: true });
        var otherStatuses = during.Where(a => a.Result is not { Status: 503, ErrorCode: "SERVICE_UNAVAILABLE", RetryAfter: true })
            .GroupBy(a => $"{a.Result.Status} {a.Result.ErrorCode ?? a.Result.Failure}").Select(g => $"{g.Key} ×{g.Count()}").ToList();
        Assert.True(during.Count > 0, "no delivery was attempted while the database was down");
        Assert.True(duringAcked.Count == 0, $"{duringAcked.Count} deliveries acknowledged while the database was down: {string.Join(", ", duringAcked.Take(5).Select(a => events[a.Event].Id))}");
        Assert.True(otherStatuses.Count == 0, $"while the database was down, answers other than 503 SERVICE_UNAVAILABLE + Retry-After: {string.Join("; ", otherStatuses)}");
        var refusedOverall = all.Where(a => !a.Result.Acknowledged).GroupBy(a => $"{a.Result.Status} {a.Result.ErrorCode ?? a.Result.Failure}").Select(g => $"{g.Key} ×{g.Count()}").ToList();
        var unexpected = all.Where(a => a.Result is { Acknowledged: false } && a.Result.Status != 503).ToList();
        Assert.True(unexpected.Count == 0, $"answers other than 2xx/503 around the outage: {string.Join("; ", unexpected.Take(5).Select(a => $"{events[a.Event].Id} → {a.Result.Status} {a.Result.ErrorCode} {a.Result.Failure}"))}");

        // Recovery with no operator action and no restart — well within the 2 min claim lease, so no event waited for its
        // claim to expire.
        var allAcked = all.Max(a => a.Result.AnsweredAt);
        await LedgerCheck.WaitSettledAsync(database, team.TeamId, n, TimeSpan.FromSeconds(90), ct);
        var settled = Stopwatch.GetTimestamp();
        Assert.False(bridge.HasExited, "the bridge process died during the outage");
        var inbox = (await LedgerCheck.InboxAsync(database, team.TeamId, ct)).ToDictionary(row => row.Id);
        Assert.Equal(n, inbox.Count);
        var ackedIds = all.Where(a => a.Result.Acknowledged).Select(a => (a.Event, a.Result.AckId!)).Distinct().ToList();
        var missing = ackedIds.Where(x => !inbox.TryGetValue(x.Item2, out var row) || row.ProviderEventId != events[x.Event].Id).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged deliveries have no inbox row: {string.Join(", ", missing.Take(5))}");
        Assert.All(inbox.Values, row =>
        {
            Assert.True(row.Status == "processed", $"{row.ProviderEventId} ended {row.Status} ({row.Reason}), attempts {row.Attempts}");
            Assert.True(row.ProcessedRows == 1, $"{row.ProviderEventId} processed {row.ProcessedRows} times");
        });
        var refusedEvents = all.Where(a => !a.Result.Acknowledged).Select(a => a.Event).ToHashSet();
        var retriedInWorker = inbox.Values.Count(row => row.Attempts > 1);

        var expected = Enumerable.Range(0, n).ToDictionary(i => $"pi_outage_{i:D5}", i => amounts[i]);
        var ledger = await LedgerCheck.AssertOneCommissionPerPaymentAsync(database, team.TeamId, expected, ct);

        Figures.Print($"database-outage: {n} events at {PerSecond}/s, PostgreSQL stopped {Webhooks.Seconds(down, startRequested):0.0} s " +
                    $"(stop took {Webhooks.Seconds(stopRequested, down):0.0} s, start {Webhooks.Seconds(startRequested, up):0.0} s), " +
                    $"{during.Count} requests during the outage → {during503} × 503 SERVICE_UNAVAILABLE, 0 × 2xx; " +
                    $"{all.Count} deliveries in all, refused overall: {(refusedOverall.Count == 0 ? "none" : string.Join(", ", refusedOverall))}; " +
                    $"{refusedEvents.Count} events refused then recovered by provider retries, {retriedInWorker} retried by the worker, " +
                    $"{inbox.Count} processed, {ledger.Payments} payments, commission sum {ledger.Money(ledger.CommissionSum)} = expected {ledger.Money(ledger.ExpectedSum)}, " +
                    $"no restart, lost {ledger.Lost + missing.Count}; every event acknowledged {Webhooks.Seconds(up, allAcked):0.0} s and processed {Webhooks.Seconds(up, settled):0.0} s " +
                    $"after the database was back ({Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s)");
    }
}
