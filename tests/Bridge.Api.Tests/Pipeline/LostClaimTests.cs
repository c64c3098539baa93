using Bridge.Core.Inbox;
using Bridge.Host.Processing;
using Dapper;

namespace Bridge.Api.Tests.Pipeline;

/// <summary>
/// A worker whose claim on one event of its batch was taken over (the lease ran out) commits nothing of the batch: the
/// event's new owner decides it, and the batch's other events are retried, never half-applied.
/// </summary>
public sealed class LostClaimTests
{
    [Theory, BothStores]
    public async Task ABatchWithAnEventTakenOverIsAbandonedWhole(StoreKind kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new BridgeApplication(await TestStores.CreateAsync(kind), new Dictionary<string, string?> { ["Inbox:Enabled"] = "false" });
        var (team, batch) = await ThreeClaimedCheckoutsAsync(app, ct);
        var database = app.Get<BridgeDatabase>();
        await using (var db = await database.OpenAsync(ct))
            await db.ExecuteAsync("UPDATE inbound_events SET claimed_by = 'worker-b' WHERE id = @Id", batch[1]);

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => app.Get<InboxProcessor>().ProcessBatchAsync(batch, "worker-a", CancellationToken.None, ct));

        await using var check = await database.OpenAsync(ct);
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM payments WHERE team_id = @TeamId", team));
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM commissions WHERE team_id = @TeamId", team));
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbound_attempts a JOIN inbound_events e ON e.id = a.inbound_event_id WHERE e.team_id = @TeamId", team));
        var claims = (await check.QueryAsync<(string Id, string Status, string ClaimedBy)>(
            "SELECT id, status, claimed_by FROM inbound_events WHERE team_id = @TeamId ORDER BY id", team)).ToDictionary(r => r.Id);
        Assert.Equal("worker-b", claims[batch[1].Id].ClaimedBy);
        Assert.All(claims.Values, row => Assert.Equal(InboundStatus.Processing, row.Status));
    }

    [Theory, BothStores]
    public async Task EventsOfABatchSettleTogetherWithOneAttemptEach(StoreKind kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new BridgeApplication(await TestStores.CreateAsync(kind), new Dictionary<string, string?> { ["Inbox:Enabled"] = "false" });
        var (team, batch) = await ThreeClaimedCheckoutsAsync(app, ct);
        var (failures, unstarted) = await app.Get<InboxProcessor>().ProcessBatchAsync(batch, "worker-a", CancellationToken.None, ct);

        Assert.Empty(failures);
        Assert.Empty(unstarted);
        await using var check = await app.Get<BridgeDatabase>().OpenAsync(ct);
        Assert.Equal(3, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbound_events WHERE team_id = @TeamId AND status = 'processed' AND claimed_by IS NULL", team));
        Assert.Equal(3, await check.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM inbound_attempts a JOIN inbound_events e ON e.id = a.inbound_event_id WHERE e.team_id = @TeamId AND a.outcome = 'processed' AND a.worker = 'worker-a'", team));
        Assert.Equal(3, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM commissions WHERE team_id = @TeamId", team));
    }

    /// <summary>Three attributed one-time checkouts, stored and claimed by "worker-a" (the app runs no worker of its own).</summary>
    private static async Task<(TestTeam Team, IReadOnlyList<InboundEvent> Batch)> ThreeClaimedCheckoutsAsync(BridgeApplication app, CancellationToken ct)
    {
        var team = await app.CreateTeamAsync();
        var connection = await team.ConnectAsync();
        var click = await team.ClickAsync();
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        for (var i = 0; i < 3; i++)
            await team.DeliverOkAsync(connection, StripeEvents.OneTimeCheckout($"evt_batch_{i}", $"cs_batch_{i}", $"pi_batch_{i}", $"cus_batch_{i}", 1000 + i, "usd", click, t + i));
        var batch = await app.Get<InboxStore>().ClaimAsync("worker-a", 10, TimeSpan.FromMinutes(2), ct);
        Assert.Equal(3, batch.Count);
        return (team, batch);
    }
}
