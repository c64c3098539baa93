using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bridge.Bench;

public sealed record RunResult(
    double PgbenchTps, double ClicksPerSecond, double AcksPerSecond, double ProcessedPerSecond, double P50Ms, double P99Ms, int LatencyErrors,
    double PeakRssMiB, double StartToReadyMs, double SqliteProcessedPerSecond);

/// <summary>One benchmark run: pgbench, then a fresh bridge on PostgreSQL through every phase, then a fresh bridge on SQLite.</summary>
public static class BenchRun
{
    private const string Secret = "whsec_bench_0123456789abcdef";

    public static async Task<RunResult> ExecuteAsync(int run, BenchOptions options, string dll, BenchPostgres cluster)
    {
        var tps = await PgBench.InsertTpsAsync(cluster.Host, cluster.Port, cluster.User, "pgbench", options.Concurrency, options.Seconds);
        Console.WriteLine($"pgbench one-row INSERT + commit: {tps:0} tps");

        var pg = Environment(new() { ["Storage__Provider"] = "postgres", ["ConnectionStrings__Bridge"] = await cluster.CreateDatabaseAsync($"bench_{run}_{Guid.NewGuid():N}") });
        await using (var bridge = await StartSeededAsync(dll, pg))
        {
            Console.WriteLine($"start → ready: {bridge.Process.StartToReady.TotalMilliseconds:0} ms");
            var load = new LoadGenerator(bridge.Http);
            var clicks = await load.ClosedLoopAsync(_ => bridge.ClickRequest(), options.Concurrency, int.MaxValue / 2, TimeSpan.FromSeconds(options.Seconds));
            Console.WriteLine($"clicks: {clicks.OkPerSecond:0}/s ({clicks.Failed} failed)");

            var webhooks = bridge.Webhooks($"r{run}a").Prepare(options.WebhookEvents);
            await StatementProfile.ResetAsync(pg["ConnectionStrings__Bridge"]);
            var started = Stopwatch.GetTimestamp();
            var acks = await load.ClosedLoopAsync(webhooks.Request, options.Concurrency, options.WebhookEvents, TimeSpan.FromSeconds(options.Seconds * 3));
            await WaitProcessedAsync(sql => ScalarPostgresAsync(pg["ConnectionStrings__Bridge"], sql), acks.Ok);
            var processed = acks.Ok / Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine($"webhooks acknowledged: {acks.OkPerSecond:0}/s ({acks.Failed} failed); processed to commission: {processed:0}/s");
            Console.WriteLine("database time while acknowledging and processing:\n" + await StatementProfile.TopAsync(pg["ConnectionStrings__Bridge"]));

            var fixedRate = bridge.Webhooks($"r{run}b").Prepare(options.LatencyRate * options.Seconds);
            var latency = await load.FixedRateAsync(fixedRate.Request, options.LatencyRate, options.LatencyRate * options.Seconds);
            Console.WriteLine($"at {options.LatencyRate} req/s: p50 {latency.Percentile(0.50):0.0} ms, p99 {latency.Percentile(0.99):0.0} ms ({latency.Failed} failed)");
            var rss = bridge.Process.PeakRssMiB();
            Console.WriteLine($"peak RSS: {rss:0} MiB");

            var sqlite = Path.Combine(Path.GetTempPath(), $"bridge-bench-{Guid.NewGuid():N}.db");
            var lite = Environment(new() { ["Storage__Provider"] = "sqlite", ["Storage__SqlitePath"] = sqlite });
            double sqliteProcessed;
            await using (var liteBridge = await StartSeededAsync(dll, lite))
            {
                var liteLoad = new LoadGenerator(liteBridge.Http);
                var liteEvents = liteBridge.Webhooks($"r{run}s").Prepare(options.SqliteEvents);
                var liteStarted = Stopwatch.GetTimestamp();
                var liteAcks = await liteLoad.ClosedLoopAsync(liteEvents.Request, options.Concurrency, options.SqliteEvents, TimeSpan.FromSeconds(options.Seconds * 6));
                await WaitProcessedAsync(sql => ScalarSqliteAsync(sqlite, sql), liteAcks.Ok);
                sqliteProcessed = liteAcks.Ok / Stopwatch.GetElapsedTime(liteStarted).TotalSeconds;
                Console.WriteLine($"SQLite: {liteAcks.Ok} webhooks processed at {sqliteProcessed:0}/s (acks {liteAcks.OkPerSecond:0}/s, {Stopwatch.GetElapsedTime(liteStarted).TotalSeconds:0.0} s)");
            }
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(sqlite)!, Path.GetFileName(sqlite) + "*"))
                File.Delete(file);

            return new RunResult(tps, clicks.OkPerSecond, acks.OkPerSecond, processed, latency.Percentile(0.50), latency.Percentile(0.99), latency.Failed,
                rss, bridge.Process.StartToReady.TotalMilliseconds, sqliteProcessed);
        }
    }

    private static Dictionary<string, string> Environment(Dictionary<string, string> store)
    {
        store["Api__RateLimit__PermitsPerMinute"] = "100000000";
        store["Api__RateLimit__ClickPermitsPerMinute"] = "100000000";
        return store;
    }

    /// <summary>Seeds the demo team and a Stripe connection through the CLI, then starts the host.</summary>
    private static async Task<SeededBridge> StartSeededAsync(string dll, Dictionary<string, string> environment)
    {
        var seed = await BridgeProcess.CliJsonAsync(dll, environment, "seed-demo", "--json");
        var team = seed["team_id"]!.GetValue<string>();
        var connection = await BridgeProcess.CliJsonAsync(dll, environment, "connections", "add", "--provider", "stripe", "--secret", Secret, "--mode", "test", "--team", team, "--json");
        var process = await BridgeProcess.StartAsync(dll, environment);
        var bridge = new SeededBridge(process, seed["api_key"]!.GetValue<string>(), seed["program_id"]!.GetValue<string>(), connection["id"]!.GetValue<string>());
        await bridge.SignUpOneReferralAsync();
        return bridge;
    }

    /// <summary>
    /// Waits until no event is pending or being processed (polling every 100 ms; that count is a short index scan, where
    /// counting processed rows would scan the table and tax the database being measured), then checks that at least
    /// <paramref name="count"/> were processed.
    /// </summary>
    private static async Task WaitProcessedAsync(Func<string, Task<long>> scalar, int count)
    {
        var watch = Stopwatch.StartNew();
        while (await scalar("SELECT COUNT(*) FROM inbound_events WHERE status IN ('pending', 'processing')") > 0)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(10))
                throw new TimeoutException("events still unprocessed after 10 minutes");
            await Task.Delay(100);
        }
        var processed = await scalar("SELECT COUNT(*) FROM inbound_events WHERE status = 'processed'");
        if (processed < count)
            throw new InvalidOperationException($"only {processed} of {count} acknowledged events were processed");
    }

    private static async Task<long> ScalarPostgresAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private static async Task<long> ScalarSqliteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
