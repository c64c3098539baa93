using System.Globalization;
using System.Text;

namespace Bridge.Bench;

/// <summary>Medians of the runs, each figure as a ratio to pgbench measured in the same run, against its target.</summary>
public static class BenchReport
{
    public static string Markdown(IReadOnlyList<RunResult> runs, BenchOptions options)
    {
        double Median(Func<RunResult, double> pick)
        {
            var values = runs.Select(pick).Order().ToArray();
            return values.Length % 2 == 1 ? values[values.Length / 2] : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
        }
        double Ratio(Func<RunResult, double> pick) => Median(r => pick(r) / r.PgbenchTps);
        var pgbench = Median(r => r.PgbenchTps);
        var rows = new List<(string Measure, string Value, string Ratio, string Target, bool Met)>
        {
            ("pgbench one-row INSERT + commit (yardstick)", $"{pgbench:0} tps", "1.00", "–", true),
            ("clicks accepted (POST /v1/clicks)", $"{Median(r => r.ClicksPerSecond):0}/s", $"{Ratio(r => r.ClicksPerSecond):0.00}", "≥ 1.0", Ratio(r => r.ClicksPerSecond) >= 1.0),
            ("signed webhooks acknowledged", $"{Median(r => r.AcksPerSecond):0}/s", $"{Ratio(r => r.AcksPerSecond):0.00}", "≥ 0.8", Ratio(r => r.AcksPerSecond) >= 0.8),
            ("webhooks processed to commission", $"{Median(r => r.ProcessedPerSecond):0}/s", $"{Ratio(r => r.ProcessedPerSecond):0.00}", "≥ 0.5", Ratio(r => r.ProcessedPerSecond) >= 0.5),
            ($"ack latency p50 at {options.LatencyRate} req/s", $"{Median(r => r.P50Ms):0.0} ms", "–", "–", true),
            ($"ack latency p99 at {options.LatencyRate} req/s", $"{Median(r => r.P99Ms):0.0} ms", "–", "≤ 15 ms", Median(r => r.P99Ms) <= 15),
            ("peak RSS under load", $"{Median(r => r.PeakRssMiB):0} MiB", "–", "≤ 250 MB", Median(r => r.PeakRssMiB) * 1.048576 <= 250),
            ("start to ready", $"{Median(r => r.StartToReadyMs):0} ms", "–", "≤ 1.5 s", Median(r => r.StartToReadyMs) <= 1500),
            ("SQLite: webhooks processed", $"{Median(r => r.SqliteProcessedPerSecond):0}/s", "–", "≥ 1,000/s", Median(r => r.SqliteProcessedPerSecond) >= 1000),
        };
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Medians of {runs.Count} runs ({options.Concurrency} concurrent clients, {options.Seconds} s phases, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}):");
        text.AppendLine();
        text.AppendLine("| measure | median | ratio to pgbench | target | met |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var row in rows)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Measure} | {row.Value} | {row.Ratio} | {row.Target} | {(row.Target == "–" ? "" : row.Met ? "yes" : "**no**")} |");
        text.AppendLine();
        text.AppendLine("Per run: " + string.Join("; ", runs.Select((r, i) => string.Create(CultureInfo.InvariantCulture,
            $"#{i + 1} pgbench {r.PgbenchTps:0}, clicks {r.ClicksPerSecond:0}, acks {r.AcksPerSecond:0}, processed {r.ProcessedPerSecond:0}, p99 {r.P99Ms:0.0} ms, RSS {r.PeakRssMiB:0} MiB, ready {r.StartToReadyMs:0} ms, SQLite {r.SqliteProcessedPerSecond:0}/s"))));
        return text.ToString();
    }
}
