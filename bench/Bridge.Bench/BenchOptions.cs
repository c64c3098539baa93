using System.Globalization;

namespace Bridge.Bench;

public sealed record BenchOptions(int Runs, int Seconds, int Concurrency, int WebhookEvents, int SqliteEvents, int LatencyRate, bool SkipBuild)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new BenchOptions(Int("runs", 3), Int("seconds", 10), Int("concurrency", 32), Int("events", 20_000), Int("sqlite-events", 5_000),
            Int("rate", 500), args.Contains("--skip-build"));
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Affonso.Bridge.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("run the benchmark from inside the repository");
    }
}

public static class BenchBuild
{
    /// <summary>
    /// Publishes the host as the Dockerfile does (Release, ReadyToRun for this machine's runtime identifier) into
    /// artifacts/bench-host and returns its DLL.
    /// </summary>
    public static async Task<string> HostDllAsync(string repo, bool skip)
    {
        var output = Path.Combine(repo, "artifacts", "bench-host");
        var dll = Path.Combine(output, "Bridge.Host.dll");
        if (skip && File.Exists(dll))
            return dll;
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", ["publish", Path.Combine(repo, "src", "Bridge.Host"), "-c", "Release",
            "-r", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", output, "--nologo", "-v", "q"]);
        using var process = System.Diagnostics.Process.Start(start)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException("publishing the host failed");
        return dll;
    }
}
