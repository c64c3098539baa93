using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Bridge.Reliability.MultiProcess;

/// <summary>
/// The built bridge (Bridge.Host.dll, the one next to this test assembly) run as a real process with <c>dotnet</c>, on
/// PostgreSQL, listening on a free loopback port. Its CLI verbs run through the same DLL. Disposing kills it.
/// </summary>
public sealed class BridgeProcess : IAsyncDisposable
{
    private const int KeptLogLines = 300;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly string _workDir;

    private BridgeProcess(Process process, Uri url, string workDir)
    {
        _process = process;
        Url = url;
        _workDir = workDir;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Url { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote (stdout and stderr), for failure messages.</summary>
    public string LogTail => string.Join('\n', _log);

    /// <summary>The host DLL built with this test project (its own deps.json and runtimeconfig.json sit beside it).</summary>
    public static string Dll { get; } = typeof(Program).Assembly.Location;

    /// <summary>Environment every bridge process and CLI verb gets: PostgreSQL, Production, quiet logs, no rate limit in the way.</summary>
    public static Dictionary<string, string> BaseEnvironment(string connectionString) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Storage__Provider"] = "postgres",
        ["ConnectionStrings__Bridge"] = connectionString,
        ["Demo__SeedOnStart"] = "false",
        ["Inbox__Workers"] = "2",
        ["Api__RateLimit__PermitsPerMinute"] = "1000000",
        ["Api__RateLimit__ClickPermitsPerMinute"] = "1000000",
        ["Logging__MinimumLevel"] = "Warning",
    };

    /// <summary>Starts a bridge process; call <see cref="WaitReadyAsync"/> before sending to it.</summary>
    public static BridgeProcess Start(string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var workDir = Directory.CreateTempSubdirectory("bridge-rel-").FullName;
        var start = NewStartInfo(workDir, connectionString, settings, []);
        start.Environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the bridge");
        return new BridgeProcess(process, url, workDir);
    }

    /// <summary>Polls <c>GET /v1/program</c> with the key until it answers 200 (migrations done, API up).</summary>
    public async Task WaitReadyAsync(string apiKey, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"bridge exited ({_process.ExitCode}) before answering:\n{LogTail}");
            try
            {
                using var response = await http.GetAsync("/v1/program", ct);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"bridge on {Url} not ready within 90 s:\n{LogTail}");
            await Task.Delay(100, ct);
        }
    }

    /// <summary>
    /// <c>kill -9</c>: SIGKILL at once (the <c>dotnet</c> host runs the app in its own process, so there is no tree to
    /// walk first), no shutdown hooks, no claims released, in-flight requests cut off.
    /// </summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.WaitForExit(10_000);
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
    }

    /// <summary>Runs a CLI verb through the same DLL against the same database; returns its stdout (throws on a non-zero exit).</summary>
    public static async Task<string> CliAsync(string connectionString, CancellationToken ct, params string[] args)
    {
        var workDir = Directory.CreateTempSubdirectory("bridge-cli-").FullName;
        try
        {
            var start = NewStartInfo(workDir, connectionString, null, args);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the bridge CLI");
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(120));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"bridge {string.Join(' ', args)} failed ({process.ExitCode}): {await stdout}{await stderr}");
            return await stdout;
        }
        finally
        {
            TryDelete(workDir);
        }
    }

    /// <summary><c>seed-demo --json</c> + <c>connections add --provider stripe --mode test --json</c>: a team to send to.</summary>
    public static async Task<BridgeTeam> SeedAsync(string connectionString, CancellationToken ct)
    {
        var seed = JsonNode.Parse(await CliAsync(connectionString, ct, "seed-demo", "--json"))!;
        var teamId = seed["team_id"]!.GetValue<string>();
        var connection = JsonNode.Parse(await CliAsync(connectionString, ct,
            "connections", "add", "--provider", "stripe", "--secret", Webhooks.StripeSecret, "--mode", "test", "--team", teamId, "--json"))!;
        return new BridgeTeam(teamId, seed["program_id"]!.GetValue<string>(), seed["tracking_id"]!.GetValue<string>(),
            seed["api_key"]!.GetValue<string>(), connection["id"]!.GetValue<string>());
    }

    private static ProcessStartInfo NewStartInfo(string workDir, string connectionString, IReadOnlyDictionary<string, string>? settings, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo("dotnet", [Dll, .. args])
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in BaseEnvironment(connectionString))
            start.Environment[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        return start;
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        _log.Enqueue(line.Length > 2000 ? line[..2000] : line);
        while (_log.Count > KeptLogLines && _log.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        _process.Dispose();
        TryDelete(_workDir);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A seeded team: its demo affiliate's tracking id, an all-scopes key and a Stripe test-mode connection.</summary>
public sealed record BridgeTeam(string TeamId, string ProgramId, string TrackingId, string ApiKey, string ConnectionId);
