using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Bridge.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for the test run: initdb + pg_ctl from the installed binaries, on a free port, in a
/// temp directory removed afterwards. With <c>BRIDGE_TEST_PG</c> set (a connection string to a server where the user
/// may create databases) that server is used instead. Each test class gets its own database.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly SemaphoreSlim StartGate = new(1, 1);
    private static PostgresCluster? _shared;

    private readonly string? _dataDir;
    private readonly string? _pgCtl;
    private readonly bool _asPostgresUser;
    private readonly string? _serverOptions;

    private PostgresCluster(string adminConnectionString, string? dataDir, string? pgCtl, bool asPostgresUser, string? serverOptions = null)
    {
        AdminConnectionString = adminConnectionString;
        _dataDir = dataDir;
        _pgCtl = pgCtl;
        _asPostgresUser = asPostgresUser;
        _serverOptions = serverOptions;
    }

    public string AdminConnectionString { get; }

    /// <summary>The cluster shared by every test in this process, started on first use.</summary>
    public static async Task<PostgresCluster> SharedAsync()
    {
        await StartGate.WaitAsync();
        try
        {
            if (_shared is null)
            {
                _shared = await StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _shared?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            return _shared;
        }
        finally
        {
            StartGate.Release();
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "bridge")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true, MaxPoolSize = 50 }.ConnectionString;
    }

    /// <summary>True when initdb and pg_ctl are installed, so a cluster of one's own can be started (and stopped).</summary>
    public static bool HasBinaries => FindBinaries() is not null;

    /// <summary>
    /// A cluster of the caller's own (never the shared one, and never <c>BRIDGE_TEST_PG</c>), for tests that stop and
    /// start the server; dispose it when done. Needs the server binaries (<see cref="HasBinaries"/>).
    /// </summary>
    public static Task<PostgresCluster> StartDedicatedAsync() => StartLocalAsync();

    /// <summary>Whether this cluster was started here (and so can be stopped and started again).</summary>
    public bool CanStopAndStart => _dataDir is not null && _pgCtl is not null;

    /// <summary>Stops the server (<c>pg_ctl stop -m fast</c>: open sessions are ended, committed data kept) and waits until it is down.</summary>
    public Task StopAsync()
    {
        if (!CanStopAndStart)
            throw new InvalidOperationException("only a cluster started here can be stopped");
        return RunAsync(_pgCtl!, ["-D", Path.Combine(_dataDir!, "data"), "-m", "fast", "-w", "-t", "60", "stop"], _asPostgresUser);
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same port and settings, and waits until it accepts connections.</summary>
    public Task StartAgainAsync()
    {
        if (!CanStopAndStart)
            throw new InvalidOperationException("only a cluster started here can be started again");
        return RunAsync(_pgCtl!, ["-D", Path.Combine(_dataDir!, "data"), "-o", _serverOptions!, "-l", Path.Combine(_dataDir!, "server.log"), "-w", "-t", "60", "start"], _asPostgresUser);
    }

    private static async Task<PostgresCluster> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("BRIDGE_TEST_PG");
        if (!string.IsNullOrWhiteSpace(external))
            return new PostgresCluster(external, null, null, false);
        return await StartLocalAsync();
    }

    private static async Task<PostgresCluster> StartLocalAsync()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin. " +
            "Install them (Debian: apt-get install -y postgresql) or set BRIDGE_TEST_PG to a connection string.");
        var asPostgresUser = Environment.UserName == "root";
        var dataDir = Path.Combine(Path.GetTempPath(), $"bridge-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDir);
        if (asPostgresUser)
            await RunAsync("chown", ["-R", "postgres", dataDir], false);

        var port = FreePort();
        var cluster = Path.Combine(dataDir, "data");
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", cluster, "-U", "bridge", "--auth=trust", "-E", "UTF8", "--no-locale"], asPostgresUser);
        var options = $"-p {port} -k {dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        var pgCtl = Path.Combine(bin, "pg_ctl");
        await RunAsync(pgCtl, ["-D", cluster, "-o", options, "-l", Path.Combine(dataDir, "server.log"), "-w", "-t", "60", "start"], asPostgresUser);
        var admin = $"Host=127.0.0.1;Port={port};Username=bridge;Database=postgres;Pooling=false";
        return new PostgresCluster(admin, dataDir, pgCtl, asPostgresUser, options);
    }

    private static string? FindBinaries()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
                return dir;
        }
        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot))
            return null;
        return Directory.GetDirectories(debianRoot)
            .Select(dir => Path.Combine(dir, "bin"))
            .Where(dir => File.Exists(Path.Combine(dir, "initdb")))
            .OrderByDescending(dir => int.TryParse(Path.GetFileName(Path.GetDirectoryName(dir)), out var version) ? version : 0)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, bool asPostgresUser)
    {
        var start = asPostgresUser
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args])
            : new ProcessStartInfo(file, args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stdout}{await stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataDir is null || _pgCtl is null)
            return;
        try
        {
            await RunAsync(_pgCtl, ["-D", Path.Combine(_dataDir, "data"), "-m", "immediate", "-w", "stop"], _asPostgresUser);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
        if (ReferenceEquals(_shared, this))
            _shared = null;
    }
}
