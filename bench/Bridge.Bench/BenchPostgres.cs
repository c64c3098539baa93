using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dapper;
using Npgsql;

namespace Bridge.Bench;

/// <summary>
/// A throwaway PostgreSQL cluster with production durability (fsync and synchronous commit on — unlike the test
/// suites' clusters), so pgbench and the bridge pay the same price per commit.
/// </summary>
public sealed class BenchPostgres : IAsyncDisposable
{
    private readonly string _dir;
    private readonly bool _asPostgres;

    private BenchPostgres(string dir, int port, bool asPostgres)
    {
        _dir = dir;
        Port = port;
        _asPostgres = asPostgres;
    }

    public string Host => "127.0.0.1";
    public int Port { get; }
    public string User => "bridge";

    public string ConnectionString(string database) =>
        $"Host={Host};Port={Port};Username={User};Database={database};Pooling=true;Maximum Pool Size=100;No Reset On Close=true" + System.Environment.GetEnvironmentVariable("BENCH_PG_EXTRA");

    public static async Task<BenchPostgres> StartAsync()
    {
        var asPostgres = Environment.UserName == "root";
        var dir = Path.Combine(Path.GetTempPath(), $"bridge-bench-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        if (asPostgres)
            await RunAsync("chown", ["-R", "postgres", dir], false);
        var port = FreePort();
        await RunAsync(PgBench.Find("initdb"), ["-D", Path.Combine(dir, "data"), "-U", "bridge", "--auth=trust", "-E", "UTF8", "--no-locale"], asPostgres);
        var settings = $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB -c fsync=on -c synchronous_commit=on -c pg_stat_statements.track=all" + (ExplainSlow
            ? " -c shared_preload_libraries=pg_stat_statements,auto_explain -c auto_explain.log_min_duration=5ms -c auto_explain.log_analyze=on"
            : " -c shared_preload_libraries=pg_stat_statements");
        await RunAsync(PgBench.Find("pg_ctl"), ["-D", Path.Combine(dir, "data"), "-o", settings, "-l", Path.Combine(dir, "server.log"), "-w", "start"], asPostgres);
        var cluster = new BenchPostgres(dir, port, asPostgres);
        await using var admin = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await admin.ExecuteAsync("CREATE DATABASE pgbench");
        await using var pgbench = new NpgsqlConnection(cluster.ConnectionString("pgbench"));
        await pgbench.ExecuteAsync("CREATE TABLE bench_insert (id bigserial PRIMARY KEY, v integer NOT NULL, at timestamptz NOT NULL DEFAULT now())");
        return cluster;
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var admin = new NpgsqlConnection(ConnectionString("postgres"));
        await admin.ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return ConnectionString(name);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, bool asPostgres)
    {
        var start = asPostgres ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args]) : new ProcessStartInfo(file, args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} failed ({process.ExitCode.ToString(CultureInfo.InvariantCulture)}): {output}");
    }

    /// <summary><c>BENCH_EXPLAIN=1</c>: plans of statements slower than 5 ms are logged (auto_explain) and kept in artifacts/bench-postgres.log.</summary>
    private static bool ExplainSlow => System.Environment.GetEnvironmentVariable("BENCH_EXPLAIN") == "1";

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(PgBench.Find("pg_ctl"), ["-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop"], _asPostgres);
        }
        catch (InvalidOperationException)
        {
        }
        if (ExplainSlow)
            File.Copy(Path.Combine(_dir, "server.log"), Path.Combine(BenchOptions.RepositoryRoot(), "artifacts", "bench-postgres.log"), overwrite: true);
        Directory.Delete(_dir, recursive: true);
    }
}
