using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;

namespace Bridge.Reliability.MultiProcess;

/// <summary>
/// Crash: a bridge is <c>kill -9</c>ed while deliveries are in flight and its workers hold claims; a new process on the
/// same database takes over (claims expire after <c>Inbox:ClaimLease</c>, 3 s here), the provider resends what was
/// never acknowledged → every acknowledged event processed, every payment counted exactly once.
/// Bounded: 300 events; full: 2000.
/// </summary>
[Collection(MultiProcessCollection.Name)]
public sealed class CrashTests
{
    private const int Parallel = 16;
    private const int Referrals = 40;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Inbox__ClaimLease"] = "00:00:03",
        // The default claim size, stated: a killed worker holds a batch of events, most of them not started yet.
        ["Inbox__BatchSize"] = "32",
    };

    [Fact]
    public async Task KilledBridgeLosesNothingAcknowledgedAndCountsNothingTwice()
    {
        var ct = TestContext.Current.CancellationToken;
        var n = ReliabilitySize.Pick(300, 2000);
        var killAfterAcks = n * 2 / 5;
        var started = Stopwatch.GetTimestamp();

        var database = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync("crash");
        var team = await BridgeProcess.SeedAsync(database, ct);
        var victim = BridgeProcess.Start(database, Settings);
        BridgeProcess? successor = null;
        try
        {
            await victim.WaitReadyAsync(team.ApiKey, ct);
            string[] referrals;
            using (var api = Webhooks.ApiClient(victim.Url, team.ApiKey))
            {
                referrals = new string[Math.Min(n, Referrals)];
                await Webhooks.ForEachAsync(Enumerable.Range(0, referrals.Length), 8, ct, async (i, token) =>
                    referrals[i] = await Webhooks.ReferralAsync(api, team.ProgramId, team.TrackingId, $"crash{i}@shop.example", token));
            }

            var amounts = Webhooks.Amounts(n, seed: 2000);
            var created = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds();
            var events = Enumerable.Range(0, n).Select(i => (
                Id: $"evt_crash_{i:D5}",
                Body: StripeBodies.OneTimeCheckout($"evt_crash_{i:D5}", $"cs_crash_{i:D5}", $"pi_crash_{i:D5}", $"cus_crash_{i % referrals.Length:D3}",
                    amounts[i], "usd", referrals[i % referrals.Length], created + i))).ToArray();

            // Phase 1: a stream of distinct events; after killAfterAcks acknowledgements the bridge is SIGKILLed mid-flight.
            var acks = new ConcurrentDictionary<int, string>();
            var killed = 0;
            var inFlightAtKill = 0;
            var inFlight = 0;
            var failedByKill = 0;
            using var http = Webhooks.NewClient(Parallel * 2, TimeSpan.FromSeconds(20));
            await Webhooks.ForEachAsync(Enumerable.Range(0, n), Parallel, ct, async (i, token) =>
            {
                if (Volatile.Read(ref killed) == 1)
                    return;
                Interlocked.Increment(ref inFlight);
                var result = await Webhooks.DeliverAsync(http, victim.Url, team.ConnectionId, events[i].Id, events[i].Body, token);
                Interlocked.Decrement(ref inFlight);
                if (result.Acknowledged)
                    acks[i] = result.AckId!;
                else if (Volatile.Read(ref killed) == 1)
                    Interlocked.Increment(ref failedByKill);
                else
                    throw new InvalidOperationException($"{events[i].Id} → {result.Status} {result.ErrorCode} {result.Failure} before the kill:\n{victim.LogTail}");
                if (acks.Count >= killAfterAcks && Interlocked.CompareExchange(ref killed, 1, 0) == 0)
                {
                    inFlightAtKill = Volatile.Read(ref inFlight);
                    victim.Kill();
                }
            });
            Assert.Equal(1, killed);
            var ackedBeforeKill = acks.Count;

            // What the dead process left behind: claims nobody will release.
            int orphanedClaims;
            await using (var db = await LedgerCheck.OpenAsync(database, ct))
                orphanedClaims = await db.ExecuteScalarAsync<int>(
                    "SELECT count(*)::int FROM inbound_events WHERE team_id = @TeamId AND status = 'processing'", team);

            // Phase 2: a new process on the same database; the provider retries every unacknowledged event until it is acknowledged.
            successor = BridgeProcess.Start(database, Settings);
            await successor.WaitReadyAsync(team.ApiKey, ct);
            var unacked = Enumerable.Range(0, n).Where(i => !acks.ContainsKey(i)).ToList();
            var storedUnacked = 0;
            await Webhooks.ForEachAsync(unacked, Parallel, ct, async (i, token) =>
            {
                for (var attempt = 1; ; attempt++)
                {
                    var result = await Webhooks.DeliverAsync(http, successor.Url, team.ConnectionId, events[i].Id, events[i].Body, token);
                    if (result.Acknowledged)
                    {
                        acks[i] = result.AckId!;
                        if (result.Duplicate)
                            Interlocked.Increment(ref storedUnacked);
                        return;
                    }
                    if (attempt == 5)
                        throw new InvalidOperationException($"{events[i].Id} → {result.Status} {result.ErrorCode} {result.Failure} after the restart:\n{successor.LogTail}");
                    await Task.Delay(200 * attempt, token);
                }
            });
            Assert.Equal(n, acks.Count);

            await LedgerCheck.WaitSettledAsync(database, team.TeamId, n, TimeSpan.FromSeconds(ReliabilitySize.Pick(120, 600)), ct);

            // Every acknowledged event is in the inbox, processed, and processed successfully exactly once.
            var inbox = (await LedgerCheck.InboxAsync(database, team.TeamId, ct)).ToDictionary(row => row.Id);
            Assert.Equal(n, inbox.Count);
            foreach (var (i, ackId) in acks)
            {
                Assert.True(inbox.TryGetValue(ackId, out var row), $"{events[i].Id} was acknowledged as {ackId} but is not in the inbox");
                Assert.Equal(events[i].Id, row.ProviderEventId);
                Assert.True(row.Status == "processed", $"{events[i].Id} ended {row.Status} ({row.Reason}), attempts {row.Attempts}");
                Assert.True(row.ProcessedRows == 1, $"{events[i].Id} was processed {row.ProcessedRows} times (attempts {row.Attempts})");
            }
            var takenOver = inbox.Values.Count(row => row.Attempts > 1);
            Assert.True(takenOver >= orphanedClaims, $"{orphanedClaims} claims were orphaned by the kill but only {takenOver} events needed a second attempt");

            var expected = Enumerable.Range(0, n).ToDictionary(i => $"pi_crash_{i:D5}", i => amounts[i]);
            var ledger = await LedgerCheck.AssertOneCommissionPerPaymentAsync(database, team.TeamId, expected, ct);

            Figures.Print($"crash: {n} events, kill -9 after {ackedBeforeKill} acks with {inFlightAtKill} deliveries in flight ({failedByKill} cut off), " +
                        $"{orphanedClaims} claims orphaned and taken over after the 3 s lease ({takenOver} events needed a 2nd attempt), " +
                        $"restarted; {unacked.Count} unacknowledged resent ({storedUnacked} had been stored before the kill → duplicate), " +
                        $"{inbox.Count} processed, {ledger.Payments} payments, {ledger.Commissions} commissions, " +
                        $"commission sum {ledger.Money(ledger.CommissionSum)} = expected {ledger.Money(ledger.ExpectedSum)}, lost {ledger.Lost}, processed twice {ledger.DoubleCounted} " +
                        $"({Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s)");
        }
        finally
        {
            await victim.DisposeAsync();
            if (successor is not null)
                await successor.DisposeAsync();
        }
    }
}
