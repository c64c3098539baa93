using Spectre.Console;

namespace Bridge.Host.Replay;

/// <summary>The replay summary: a table for people, one JSON object for scripts.</summary>
public static class ReplayReport
{
    public static void Render(IAnsiConsole console, IReadOnlyList<SendResult> results, IReadOnlyList<ExpectationResult> expectations, int? seed)
    {
        var summary = new Table().Title("replay").AddColumns("provider", "sent", "accepted", "duplicates", "rejected", "failures", "p50 ms");
        foreach (var group in results.GroupBy(r => r.Delivery.Provider))
        {
            var latencies = group.Select(r => r.Latency.TotalMilliseconds).Order().ToList();
            summary.AddRow(group.Key, group.Count().ToString(), group.Count(r => r.Accepted && !r.Duplicate).ToString(), group.Count(r => r.Accepted && r.Duplicate).ToString(),
                group.Count(r => r.Status == 400).ToString(), group.Count(r => !r.Accepted && r.Status != 400).ToString(), latencies[latencies.Count / 2].ToString("0.0"));
        }
        console.Write(summary);
        var failures = results.Where(r => !r.Accepted).GroupBy(r => $"{(r.Status == 0 ? "no answer" : r.Status.ToString())}: {r.Error}").ToList();
        if (failures.Count > 0)
        {
            var table = new Table().Title("unexpected answers").AddColumns("answer", "count", "events");
            foreach (var failure in failures)
                table.AddRow(Markup.Escape(failure.Key), failure.Count().ToString(), Markup.Escape(string.Join(", ", failure.Select(f => f.Delivery.Name).Distinct().Take(5))));
            console.Write(table);
        }
        if (expectations.Count > 0)
        {
            var table = new Table().Title("--expect").AddColumns("event", "status", "result");
            foreach (var e in expectations)
                table.AddRow(Markup.Escape(e.Name), e.Status, e.Ok ? "[green]as expected[/]" : "[red]" + Markup.Escape(string.Join("; ", e.Differences)) + "[/]");
            console.Write(table);
        }
        if (seed is not null)
            console.MarkupLine($"shuffled with --seed {seed}");
    }

    public static string Json(IReadOnlyList<SendResult> results, IReadOnlyList<ExpectationResult> expectations, int seed) => JsonSerializer.Serialize(new
    {
        sent = results.Count,
        accepted = results.Count(r => r.Accepted && !r.Duplicate),
        duplicates = results.Count(r => r.Accepted && r.Duplicate),
        rejected = results.Count(r => r.Status == 400),
        failures = results.Where(r => !r.Accepted).Select(r => new { name = r.Delivery.Name, status = r.Status, reason = r.Error }).ToList(),
        expectations_checked = expectations.Count,
        expectation_failures = expectations.Where(e => !e.Ok).Select(e => new { name = e.Name, status = e.Status, differences = e.Differences }).ToList(),
        seed,
    });
}
