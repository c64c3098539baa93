using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Bridge.Bench;

/// <summary>The yardstick: pgbench running one-row INSERT statements, each its own committed transaction.</summary>
public static partial class PgBench
{
    public static async Task<double> InsertTpsAsync(string host, int port, string user, string database, int clients, int seconds)
    {
        var script = Path.Combine(Path.GetTempPath(), $"bench-insert-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(script, "INSERT INTO bench_insert (v) VALUES (1);\n");
        var start = new ProcessStartInfo(Find("pgbench"),
            ["-h", host, "-p", port.ToString(CultureInfo.InvariantCulture), "-U", user, "-n", "-c", clients.ToString(CultureInfo.InvariantCulture),
             "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", script, database])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        File.Delete(script);
        var match = Tps().Match(output);
        if (process.ExitCode != 0 || !match.Success)
            throw new InvalidOperationException($"pgbench failed: {errors}{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    public static string Find(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (File.Exists(Path.Combine(dir, tool)))
                return Path.Combine(dir, tool);
        }
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", tool)).Where(File.Exists).OrderDescending().FirstOrDefault()
            : null;
        return debian ?? throw new InvalidOperationException($"{tool} not found (Debian: apt-get install -y postgresql)");
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
