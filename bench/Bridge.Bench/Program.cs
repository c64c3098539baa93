using System.Diagnostics;
using System.Globalization;
using Bridge.Bench;
using Dapper;
using Npgsql;

// Affonso Bridge benchmark: dotnet run -c Release --project bench/Bridge.Bench [-- --runs 3 --seconds 10 --concurrency 32]
// Everything is reported as a ratio to pgbench's one-row INSERT-with-commit throughput measured in the same run.
var options = BenchOptions.Parse(args);
var repo = BenchOptions.RepositoryRoot();
var host = await BenchBuild.HostDllAsync(repo, options.SkipBuild);
Console.WriteLine($"bridge: {host}\nruns {options.Runs}, {options.Seconds} s phases, {options.Concurrency} concurrent clients, {Environment.ProcessorCount} cores");

await using var cluster = await BenchPostgres.StartAsync();
var runs = new List<RunResult>();
for (var run = 1; run <= options.Runs; run++)
{
    Console.WriteLine($"\n── run {run}/{options.Runs}");
    runs.Add(await BenchRun.ExecuteAsync(run, options, host, cluster));
}

var report = BenchReport.Markdown(runs, options);
Console.WriteLine("\n" + report);
var resultsPath = Path.Combine(repo, "bench", "results.md");
await File.WriteAllTextAsync(resultsPath, report);
Console.WriteLine($"written to {resultsPath}");
