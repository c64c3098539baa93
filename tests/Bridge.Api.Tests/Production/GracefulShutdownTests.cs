using Bridge.Host.Processing;
using Dapper;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Bridge.Api.Tests.Production;

/// <summary>
/// Stopping the host while the worker holds a claimed batch: the event in progress finishes (its transaction commits
/// whole), the claimed events it had not started are released at once (no claim left to expire), and nothing is left
/// half-written. PostgreSQL only: a table lock held by the test pins the worker inside its first event, deterministically.
/// </summary>
public sealed class GracefulShutdownTests
{
    private const int Events = 5;

    [Fact]
    public async Task StoppingMidBatchFinishesTheCurrentEventAndReleasesTheRest()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await TestStores.CreateAsync(StoreKind.Postgres);

        // 1. Five verified deliveries in the inbox, stored by an instance that runs no worker.
        string teamId;
        await using (var intake = new BridgeApplication(store, new Dictionary<string, string?> { ["Inbox:Enabled"] = "false" }))
        {
            var team = await intake.CreateTeamAsync();
            teamId = team.TeamId;
            var connection = await team.ConnectAsync();
            var click = await team.ClickAsync();
            var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            for (var i = 0; i < Events; i++)
                await team.DeliverOkAsync(connection, StripeEvents.OneTimeCheckout($"evt_stop_{i}", $"cs_stop_{i}", $"pi_stop_{i}", "cus_stop", 1000 + i, "usd", click, t + i));
        }

        // 2. Nobody may write processing attempts: the worker that claims the batch blocks inside its first event.
        await using var blocker = new NpgsqlConnection(store.ConnectionString);
        await blocker.OpenAsync(ct);
        var lockTransaction = await blocker.BeginTransactionAsync(ct);
        await blocker.ExecuteAsync("LOCK TABLE inbound_attempts IN EXCLUSIVE MODE", transaction: lockTransaction);

        var app = new BridgeApplication(store, new Dictionary<string, string?> { ["Inbox:Workers"] = "1", ["Inbox:BatchSize"] = "32" });
        var stopped = false;
        try
        {
            _ = app.Server;
            var worker = app.Get<InboxWorker>();
            var lifetime = app.Get<IHostApplicationLifetime>();
            await using var observer = new NpgsqlConnection(store.ConnectionString);
            await observer.OpenAsync(ct);
            await WaitUntilAsync(async () =>
                await observer.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbound_events WHERE team_id = @teamId AND status = 'processing'", new { teamId }) == Events &&
                await observer.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND relation = 'inbound_attempts'::regclass") > 0, "the worker to claim the batch and block");

            // 3. Stop the host; once the worker has seen the stop, let its first event finish.
            var stopping = Task.Run(() => app.DisposeAsync().AsTask(), ct);
            stopped = true;
            await WaitUntilAsync(() => Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested && StopRequested(worker)), "the worker's stop token");
            await lockTransaction.RollbackAsync(ct);
            await stopping.WaitAsync(TimeSpan.FromSeconds(60), ct);

            var rows = (await observer.QueryAsync<(string Id, string Status, string? ClaimedBy, string? Reason, long Payments)>("""
                SELECT e.id, e.status, e.claimed_by, e.reason, (SELECT COUNT(*) FROM inbound_event_payments p WHERE p.inbound_event_id = e.id)
                FROM inbound_events e WHERE e.team_id = @teamId ORDER BY e.received_at, e.id
                """, new { teamId })).ToList();
            Assert.Equal(Events, rows.Count);
            Assert.Equal("processed", rows[0].Status);
            Assert.Equal(1, rows[0].Payments);
            Assert.All(rows.Skip(1), row =>
            {
                Assert.Equal("pending", row.Status);
                Assert.Null(row.ClaimedBy);
                Assert.Equal("released at shutdown", row.Reason);
                Assert.Equal(0, row.Payments);
            });
            Assert.Equal(1, await observer.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM payments WHERE team_id = @teamId", new { teamId }));
            Assert.Equal(1, await observer.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM commissions WHERE team_id = @teamId", new { teamId }));
        }
        finally
        {
            if (!stopped)
                await app.DisposeAsync();
        }

        // 4. The next instance picks the released events up at once (no lease to wait out).
        await using var next = new BridgeApplication(store);
        _ = next.Server;
        await using var db = await next.Get<BridgeDatabase>().OpenAsync(ct);
        await WaitUntilAsync(async () => await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbound_events WHERE team_id = @teamId AND status = 'processed'", new { teamId }) == Events,
            "the released events to be processed by the next instance");
        Assert.Equal(Events, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM commissions WHERE team_id = @teamId", new { teamId }));
    }

    /// <summary>
    /// Whether the host has cancelled the worker's stopping token. <see cref="BackgroundService"/> keeps it private, so
    /// this reads the field; without it the test falls back to a pause after ApplicationStopping.
    /// </summary>
    private static bool StopRequested(InboxWorker worker)
    {
        var field = typeof(BackgroundService).GetField("_stoppingCts", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance);
        if (field is null)
        {
            Thread.Sleep(1000);
            return true;
        }
        return field.GetValue(worker) is CancellationTokenSource { IsCancellationRequested: true };
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }
}
