namespace Bridge.Reliability;

/// <summary>
/// The one-line figures each reliability suite prints (events, deliveries, faults injected, lost): to the console, the
/// xunit diagnostics and the test's output, and appended to <c>artifacts/reliability-figures.txt</c> at the repository
/// root (or <c>BRIDGE_FIGURES_FILE</c>), which <c>.ci/run</c> prints after the test command — plain <c>dotnet test</c>
/// shows no output of passing tests.
/// </summary>
public static class Figures
{
    private static readonly Lock FileLock = new();

    public static void Print(string line)
    {
        Console.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        if (FilePath() is { } path)
        {
            lock (FileLock)
                File.AppendAllText(path, $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}Z {line}{Environment.NewLine}");
        }
    }

    private static string? FilePath()
    {
        if (Environment.GetEnvironmentVariable("BRIDGE_FIGURES_FILE") is { Length: > 0 } configured)
            return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Affonso.Bridge.sln")))
            {
                var artifacts = Directory.CreateDirectory(Path.Combine(dir.FullName, "artifacts"));
                return Path.Combine(artifacts.FullName, "reliability-figures.txt");
            }
        }
        return null;
    }
}
