using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Bridge.Bench;

/// <summary>A bridge host running as its own process (Release build), over PostgreSQL or SQLite.</summary>
public sealed class BridgeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BridgeProcess(Process process, Uri url, TimeSpan startToReady)
    {
        _process = process;
        Url = url;
        StartToReady = startToReady;
    }

    public Uri Url { get; }

    public TimeSpan StartToReady { get; }

    public int Pid => _process.Id;

    /// <summary>Starts the host and waits until <c>/health/ready</c> answers 200 (start → ready is measured).</summary>
    public static async Task<BridgeProcess> StartAsync(string dll, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var watch = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the bridge");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("  bridge: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the bridge exited with {process.ExitCode}");
            try
            {
                using var response = await http.GetAsync(new Uri(url, "health/ready"));
                if (response.IsSuccessStatusCode)
                    return new BridgeProcess(process, url, watch.Elapsed);
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(10);
        }
        process.Kill(true);
        throw new TimeoutException("the bridge did not become ready within 60 s");
    }

    /// <summary>Peak resident set size so far (VmHWM), in MiB.</summary>
    public double PeakRssMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
        return double.NaN;
    }

    /// <summary>Runs a CLI verb with the same store settings and returns its stdout parsed as JSON.</summary>
    public static async Task<JsonObject> CliJsonAsync(string dll, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{string.Join(' ', args)} failed: {errors}{output}");
        return JsonNode.Parse(output.Trim().Split('\n').Last())!.AsObject();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
