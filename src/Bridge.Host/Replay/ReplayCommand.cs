using Bridge.Core.Inbox;
using Bridge.Host.Cli;
using Bridge.Providers.Fixtures;
using Spectre.Console;

namespace Bridge.Host.Replay;

/// <summary>
/// <c>replay &lt;file|folder…&gt; --url U --connection C --secret S [--rate N] [--shuffle --seed S] [--repeat K] [--expect --api-key K] [--json]</c>
/// re-signs captured events the way their provider would and sends them to a running bridge; <c>--from-inbox</c> takes
/// them from this bridge's inbox instead. Shows progress and a summary; exits non-zero on any unexpected answer or,
/// with <c>--expect</c>, any event that did not become what its sidecar says.
/// </summary>
public static class ReplayCommand
{
    private const int InFlight = 4;

    public static async Task<int> RunAsync(CliContext c)
    {
        var baseUrl = new Uri(c.Args.Require("url").TrimEnd('/') + "/");
        var connection = c.Args.Require("connection");
        var secret = c.Args.Require("secret");
        var repeat = ParseInt(c.Args.Get("repeat"), 1, "repeat");
        var rate = c.Args.Get("rate") is { } r ? ParseInt(r, 0, "rate") : 0;
        var seed = c.Args.Get("seed") is { } s ? ParseInt(s, 0, "seed") : Random.Shared.Next();
        var apiKey = c.Args.Get("api-key") ?? Environment.GetEnvironmentVariable("BRIDGE_API_KEY");
        if (c.Args.Has("expect") && string.IsNullOrEmpty(apiKey))
            throw new CliUsageException("--expect reads results through the API: pass --api-key (or set BRIDGE_API_KEY)");

        var events = await LoadAsync(c);
        if (events.Count == 0)
            throw new CliUsageException("nothing to replay");
        var deliveries = events.SelectMany(e => Enumerable.Repeat(e, repeat)).ToList();
        if (c.Args.Has("shuffle"))
            new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(deliveries));

        using var http = c.Services.GetService<ReplayTransport>()?.CreateClient() ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var sender = new ReplaySender(http, baseUrl, connection, secret, TimeProvider.System);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(c.Out) });
        var json = c.Args.Has("json");
        var results = json ? await SendAllAsync(sender, deliveries, rate, null) : await console.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"replaying {deliveries.Count} deliveries of {events.Count} events", maxValue: deliveries.Count);
            return await SendAllAsync(sender, deliveries, rate, task);
        });

        var expectations = new List<ExpectationResult>();
        if (c.Args.Has("expect"))
        {
            var checker = new ReplayExpectations(http, baseUrl, apiKey!);
            foreach (var e in events)
            {
                var id = results.FirstOrDefault(x => x.Delivery == e && x.InboundEventId is not null)?.InboundEventId;
                expectations.Add(await checker.CheckAsync(e, id, TimeSpan.FromSeconds(60), CancellationToken.None));
            }
        }

        var unexpected = results.Count(x => !x.Accepted) + expectations.Count(x => !x.Ok);
        if (json)
            await c.Out.WriteLineAsync(ReplayReport.Json(results, expectations, seed));
        else
            ReplayReport.Render(console, results, expectations, c.Args.Has("shuffle") ? seed : null);
        return unexpected == 0 ? 0 : 1;
    }

    private static async Task<List<SendResult>> SendAllAsync(ReplaySender sender, IReadOnlyList<Delivery> deliveries, int rate, ProgressTask? progress)
    {
        var results = new SendResult[deliveries.Count];
        using var gate = new SemaphoreSlim(InFlight);
        var started = TimeProvider.System.GetTimestamp();
        var sends = deliveries.Select(async (delivery, i) =>
        {
            if (rate > 0)
            {
                var due = TimeSpan.FromSeconds((double)i / rate) - TimeProvider.System.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                    await Task.Delay(due);
            }
            await gate.WaitAsync();
            try
            {
                results[i] = await sender.SendAsync(delivery, CancellationToken.None);
                progress?.Increment(1);
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(sends);
        return [.. results];
    }

    private static async Task<IReadOnlyList<Delivery>> LoadAsync(CliContext c)
    {
        if (!c.Args.Has("from-inbox"))
        {
            if (c.Args.Words.Count == 0)
                throw new CliUsageException("usage: replay <file|folder…> --url U --connection C --secret S (see --help)");
            try
            {
                return CapturedEvent.Load(c.Args.Words).Select(Delivery.From).ToList();
            }
            catch (FileNotFoundException ex)
            {
                throw new CliUsageException(ex.Message);
            }
        }
        await c.Get<Bridge.Core.Storage.Migrator>().MigrateAsync();
        var team = await PipelineVerbs.TeamAsync(c);
        var (items, _) = await c.Get<InboxStore>().ListAsync(team.Id, new InboundQuery(100, Status: c.Args.Get("status"), Provider: c.Args.Get("provider")));
        return items.Select(e => new Delivery(e.Id, e.Provider, e.ProviderEventId, e.Body,
            JsonSerializer.Deserialize<Dictionary<string, string>>(e.HeadersJson) ?? [], null)).ToList();
    }

    private static int ParseInt(string? text, int fallback, string name) =>
        text is null ? fallback : int.TryParse(text, out var value) && value >= 0 ? value : throw new CliUsageException($"--{name} must be a non-negative integer");
}

/// <summary>Lets tests send replays to an in-process test server instead of the network.</summary>
public sealed class ReplayTransport(Func<HttpClient> create)
{
    public HttpClient CreateClient() => create();
}
