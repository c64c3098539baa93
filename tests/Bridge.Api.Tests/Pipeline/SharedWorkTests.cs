using Dapper;

namespace Bridge.Api.Tests.Pipeline;

/// <summary>Two bridge instances on one PostgreSQL database share the inbox: every event processed once, none twice.</summary>
public sealed class SharedWorkTests
{
    [Fact]
    public async Task TwoInstancesOnOneDatabaseProcessEachEventExactlyOnce()
    {
        var store = await TestStores.CreateAsync(StoreKind.Postgres);
        await using var first = new BridgeApplication(store);
        await using var second = new BridgeApplication(store);
        _ = first.Server;
        _ = second.Server;
        var team = await first.CreateTeamAsync();
        var connection = await team.ConnectAsync();
        var click = await team.ClickAsync();
        var t = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds();

        var bodies = Enumerable.Range(0, 60).Select(i => StripeEvents.OneTimeCheckout($"evt_{i}", $"cs_{i}", $"pi_{i}", "cus_shared", 1000 + i, "usd", click, t + i)).ToList();
        await Task.WhenAll(bodies.Select((body, i) => (i % 2 == 0 ? team : team with { App = second }).DeliverAsync(connection, body)));
        await team.WaitUntilSettledAsync(bodies.Count);

        await using var db = await first.Get<BridgeDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        var attempts = (await db.QueryAsync<long>("SELECT COUNT(*) FROM inbound_attempts a JOIN inbound_events e ON e.id = a.inbound_event_id WHERE e.team_id = @TeamId GROUP BY a.inbound_event_id", team)).ToList();
        Assert.Equal(60, attempts.Count);
        Assert.All(attempts, count => Assert.Equal(1, count));
        var workers = await db.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT split_part(worker, '/', 1)) FROM inbound_attempts a JOIN inbound_events e ON e.id = a.inbound_event_id WHERE e.team_id = @TeamId", team);
        Assert.Equal(2, workers);
        var commissions = await team.CommissionsAsync();
        Assert.Equal(60, commissions.Count);
        Assert.Equal(Enumerable.Range(0, 60).Sum(i => Bridge.Core.Money.Rounding.MulDiv(1000 + i, 300_000, 1_000_000)) / 100m,
            commissions.Sum(c => c!["commission_amount"]!.GetValue<decimal>()));
    }
}
