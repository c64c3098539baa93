using System.Diagnostics;

namespace Bridge.Reliability.MultiProcess;

/// <summary>
/// Duplicate storm: N distinct one-time Stripe payments, each delivered K times, shuffled and sent concurrently to two
/// bridge processes on one PostgreSQL database → exactly N payments, N direct commissions summing to the exact 30 %
/// (half away from zero, per payment), every inbox row processed exactly once, N first acknowledgements.
/// Bounded: N=200, K=5; full (<c>BRIDGE_RELIABILITY_FULL=1</c>): N=1000, K=10.
/// </summary>
[Collection(MultiProcessCollection.Name)]
public sealed class DuplicateStormTests
{
    private const int Parallel = 32;

    [Fact]
    public async Task RepeatedConcurrentDeliveriesToTwoProcessesCountEachPaymentOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var n = ReliabilitySize.Pick(200, 1000);
        var k = ReliabilitySize.Pick(5, 10);
        var started = Stopwatch.GetTimestamp();

        var database = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync("storm");
        var team = await BridgeProcess.SeedAsync(database, ct);
        await using var first = BridgeProcess.Start(database);
        await using var second = BridgeProcess.Start(database);
        await Task.WhenAll(first.WaitReadyAsync(team.ApiKey, ct), second.WaitReadyAsync(team.ApiKey, ct));
        BridgeProcess[] bridges = [first, second];
        var ready = Stopwatch.GetTimestamp();

        // One referral per payment (click + signup), made through both processes.
        using var api0 = Webhooks.ApiClient(first.Url, team.ApiKey);
        using var api1 = Webhooks.ApiClient(second.Url, team.ApiKey);
        var referrals = new string[n];
        await Webhooks.ForEachAsync(Enumerable.Range(0, n), 16, ct, async (i, token) =>
            referrals[i] = await Webhooks.ReferralAsync(i % 2 == 0 ? api0 : api1, team.ProgramId, team.TrackingId, $"buyer{i}@shop.example", token));

        var amounts = Webhooks.Amounts(n, seed: 1000);
        var created = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds();
        var events = Enumerable.Range(0, n).Select(i => (
            Id: $"evt_storm_{i:D5}",
            Body: StripeBodies.OneTimeCheckout($"evt_storm_{i:D5}", $"cs_storm_{i:D5}", $"pi_storm_{i:D5}", $"cus_storm_{i:D5}", amounts[i], "usd", referrals[i], created + i))).ToArray();

        // N × K deliveries, shuffled, alternating between the two processes.
        var plan = Enumerable.Range(0, n).SelectMany(i => Enumerable.Repeat(i, k)).ToArray();
        new Random(42).Shuffle(plan);
        var results = new DeliveryResult[plan.Length];
        using var http = Webhooks.NewClient(Parallel * 2);
        var sendStarted = Stopwatch.GetTimestamp();
        var referralSeconds = Webhooks.Seconds(ready, sendStarted);
        await Webhooks.ForEachAsync(Enumerable.Range(0, plan.Length), Parallel, ct, async (j, token) =>
            results[j] = await Webhooks.DeliverAsync(http, bridges[j % 2].Url, team.ConnectionId, events[plan[j]].Id, events[plan[j]].Body, token));
        var sendSeconds = Stopwatch.GetElapsedTime(sendStarted).TotalSeconds;

        var refused = results.Select((r, j) => (r, j)).Where(x => !x.r.Acknowledged).ToList();
        Assert.True(refused.Count == 0, $"{refused.Count} of {plan.Length} deliveries not acknowledged, e.g. " +
            string.Join("; ", refused.Take(5).Select(x => $"{events[plan[x.j]].Id} → {x.r.Status} {x.r.ErrorCode} {x.r.Failure}")));
        var firstAcks = results.Count(r => !r.Duplicate);
        var idsPerEvent = results.Select((r, j) => (Event: plan[j], r.AckId)).GroupBy(x => x.Event).ToDictionary(g => g.Key, g => g.Select(x => x.AckId).Distinct().ToList());
        Assert.All(idsPerEvent, pair => Assert.True(pair.Value.Count == 1, $"{events[pair.Key].Id} acknowledged with {pair.Value.Count} different inbox ids"));
        Assert.Equal(n, firstAcks);

        await LedgerCheck.WaitSettledAsync(database, team.TeamId, n, TimeSpan.FromSeconds(ReliabilitySize.Pick(120, 600)), ct);
        var settledSeconds = Stopwatch.GetElapsedTime(sendStarted).TotalSeconds;

        var inbox = await LedgerCheck.InboxAsync(database, team.TeamId, ct);
        Assert.Equal(n, inbox.Count);
        Assert.All(inbox, row =>
        {
            Assert.True(row.Status == "processed", $"{row.ProviderEventId} ended {row.Status} ({row.Reason})");
            Assert.True(row.Attempts == 1 && row.AttemptRows == 1 && row.ProcessedRows == 1,
                $"{row.ProviderEventId}: attempts {row.Attempts}, attempt rows {row.AttemptRows}, processed {row.ProcessedRows}");
        });
        Assert.Equal(idsPerEvent.Values.Select(ids => ids[0]).Order(), inbox.Select(row => row.Id).Order());
        var processes = await LedgerCheck.ProcessesThatWorkedAsync(database, team.TeamId, ct);
        Assert.Equal(2, processes);

        var expected = Enumerable.Range(0, n).ToDictionary(i => $"pi_storm_{i:D5}", i => amounts[i]);
        var ledger = await LedgerCheck.AssertOneCommissionPerPaymentAsync(database, team.TeamId, expected, ct);
        Assert.False(first.HasExited || second.HasExited, "a bridge process died during the storm");

        Figures.Print($"duplicate-storm: {n} events, {plan.Length} deliveries ({k} each) over 2 processes in {sendSeconds:0.0} s " +
                    $"({plan.Length / sendSeconds:0} req/s), {firstAcks} first acks + {plan.Length - firstAcks} duplicates, processed by {processes} processes, " +
                    $"{ledger.Payments} payments, {ledger.Commissions} commissions, commission sum {ledger.Money(ledger.CommissionSum)} = expected {ledger.Money(ledger.ExpectedSum)}, " +
                    $"lost {ledger.Lost}, double-counted {ledger.DoubleCounted} " +
                    $"({Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s: start {Webhooks.Seconds(started, ready):0.0}, referrals {referralSeconds:0.0}, settled {settledSeconds:0.0} after the first send)");
    }
}
