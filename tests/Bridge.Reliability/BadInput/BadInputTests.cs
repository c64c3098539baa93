using System.Collections.Concurrent;
using System.Diagnostics;
using Bridge.Reliability.Fuzz;
using Dapper;

namespace Bridge.Reliability.BadInput;

/// <summary>
/// Generated malformed, forged, oversized and wrongly typed requests across every route the app maps (see
/// <see cref="ProbeGenerator"/>), on SQLite and on PostgreSQL. Whatever arrives: no answer is a 5xx; no forged webhook is
/// acknowledged, and nothing but genuinely signed deliveries reaches <c>inbound_events</c>; every error of the API and
/// the webhook endpoint is Affonso's envelope; a key never reads or writes another team's record by id; and not one
/// API key, connection secret, outbound endpoint secret, console cookie or signature header/digest sent appears in any
/// line the app logged (or in any error body).
/// <para>Size: 3,000 requests per store by default (CI; 6,000 in all), 100,000 with <c>BRIDGE_RELIABILITY_FULL=1</c>
/// (<c>BRIDGE_BADINPUT_REQUESTS</c> overrides); seed fixed and printed (<c>BRIDGE_BADINPUT_SEED</c> overrides). A failure
/// prints the probe number and the request; <c>new ProbeGenerator(world, seed).Create(n)</c> makes the same request again
/// (same route, auth, mutations and signature kind; record ids and random digests are those of the new run).</para>
/// </summary>
public sealed class BadInputTests
{
    public const int DefaultSeed = 42_422_026;

    [Theory, BothStores]
    public async Task NoBadRequestBreaksLeaksOrForgesAnything(StoreKind kind)
    {
        var ct = TestContext.Current.CancellationToken;
        var size = int.TryParse(Environment.GetEnvironmentVariable("BRIDGE_BADINPUT_REQUESTS"), out var n) ? n : ReliabilitySize.Pick(3_000, 100_000);
        var seed = Seeds.From("BRIDGE_BADINPUT_SEED", DefaultSeed);
        var clock = Stopwatch.StartNew();

        await using var host = new ReliabilityHost(await TestStores.CreateAsync(kind));
        _ = host.Server;
        var world = await BadInputWorld.CreateAsync(host, seed, ct);
        var database = host.Get<BridgeDatabase>();
        var storedBefore = await InboundIdsAsync(database, ct);
        var generator = new ProbeGenerator(world, seed);
        var client = host.RawClient();
        var outcome = new Outcome();

        await Parallel.ForEachAsync(Enumerable.Range(0, size), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (index, token) =>
        {
            var probe = generator.Create(index);
            using var request = probe.ToRequest();
            try
            {
                using var response = await client.SendAsync(request, token);
                outcome.Check(probe, (int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(token));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
            {
                outcome.Fail(probe, $"the server threw instead of answering: {ex.GetType().Name}: {ex.Message}");
            }
        });

        // Only genuinely signed deliveries were stored, each exactly as acknowledged.
        var stored = (await InboundIdsAsync(database, ct)).Except(storedBefore).ToHashSet();
        var unacknowledged = stored.Except(outcome.Acknowledged.Keys).ToList();
        var lost = outcome.Acknowledged.Keys.Except(stored).ToList();
        await WaitForWorkerAsync(database, ct);
        var failedEvents = await FailedEventsAsync(database, ct);
        var workerExceptions = host.Logs.Lines.Where(l => l.Contains("Processing inbound event", StringComparison.Ordinal) && l.Contains("failed (attempt", StringComparison.Ordinal)).ToList();
        var unprobed = world.Routes.Select(r => r.Text).Where(r => !outcome.Routes.ContainsKey(r)).ToList();

        var leaks = world.Secrets.Find(host.Logs.Lines);
        var echoed = world.Secrets.Find(outcome.ErrorBodies);
        var f = outcome;
        Figures.Print($"bad-input {kind.ToString().ToLowerInvariant()}: {size} requests (seed {seed}; {f.Areas.GetValueOrDefault("api")} API, " +
                      $"{f.Areas.GetValueOrDefault("webhook")} webhook, {f.Areas.GetValueOrDefault("other")} health/docs/metrics/console), {f.ServerErrors} 5xx, " +
                      $"{f.ForgeriesSent} forged/unreachable webhooks → {f.ForgeriesAccepted} accepted, {f.GenuineSent} genuine → {f.Acknowledged.Count} stored " +
                      $"({stored.Count} new inbound_events, {unacknowledged.Count} unacknowledged, {lost.Count} lost), {f.CrossTeamSent} cross-team by-id → {f.CrossTeamLeaks} 2xx, " +
                      $"{f.EnvelopeViolations} non-envelope API errors, {leaks.Count} secrets in logs ({world.Secrets.Count} secrets tracked over {host.Logs.Count} log lines), " +
                      $"{echoed.Count} echoed in error bodies, {world.Routes.Count - unprobed.Count}/{world.Routes.Count} routes probed, " +
                      $"worker: {failedEvents} stored events failed to map, {workerExceptions.Count} processing exceptions, {clock.Elapsed.TotalSeconds:0} s");
        Figures.Print($"bad-input {kind.ToString().ToLowerInvariant()} statuses: " + string.Join(", ", f.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Figures.Print($"bad-input {kind.ToString().ToLowerInvariant()} kinds: " + string.Join(", ", f.Tags.OrderByDescending(t => t.Value).Select(t => $"{t.Key}×{t.Value}")));

        foreach (var line in workerExceptions.Take(3))
            Figures.Print("  worker: " + line[..Math.Min(line.Length, 1_500)]);
        foreach (var failure in f.Failures.Take(25))
            Figures.Print("  " + failure);
        foreach (var line in host.Logs.ErrorLines.Where(l => !l.Contains("Inbound event", StringComparison.Ordinal)).Take(f.Failures.IsEmpty ? 0 : 8))
            Figures.Print("  log: " + line[..Math.Min(line.Length, 2_500)]);
        foreach (var (secret, what, line) in leaks.Concat(echoed).Take(10))
            Figures.Print($"  {what} {SecretScanner.Redact(secret)} in: {line[..Math.Min(line.Length, 600)]}");

        Assert.True(f.Failures.IsEmpty, $"{f.Failures.Count} bad answers (seed {seed}); first: {f.Failures.FirstOrDefault()}");
        Assert.True(unacknowledged.Count == 0, $"stored without a 200: {string.Join(", ", unacknowledged.Take(10))}");
        Assert.True(lost.Count == 0, $"acknowledged but not stored: {string.Join(", ", lost.Take(10))}");
        Assert.True(leaks.Count == 0, $"{leaks.Count} secret(s) in the logs: {string.Join("; ", leaks.Take(5).Select(l => $"{l.Kind} {SecretScanner.Redact(l.Secret)}"))}");
        Assert.True(echoed.Count == 0, $"{echoed.Count} secret(s) echoed in error bodies");
        Assert.True(unprobed.Count == 0, $"routes never probed: {string.Join(", ", unprobed)}");
        Assert.True(f.GenuineSent > 0 && f.Acknowledged.Count > 0 && f.ForgeriesSent > 0, "the run exercised no webhook verification");
    }

    private static async Task<HashSet<string>> InboundIdsAsync(BridgeDatabase database, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<string>("SELECT id FROM inbound_events")).ToHashSet();
    }

    /// <summary>Waits (bounded) until the worker took every stored event once, so its log lines are in the scan too.</summary>
    private static async Task WaitForWorkerAsync(BridgeDatabase database, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await using var connection = await database.OpenAsync(ct);
            if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbound_events WHERE attempts = 0") == 0)
                return;
            await Task.Delay(200, ct);
        }
    }

    /// <summary>Stored (genuinely signed, mutated) events the adapters could not map: reported, expected.</summary>
    private static async Task<long> FailedEventsAsync(BridgeDatabase database, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbound_events WHERE status = 'failed'");
    }

    /// <summary>What the answers were, checked as they come (thread-safe).</summary>
    private sealed class Outcome
    {
        private int _serverErrors;
        private int _forgeriesSent;
        private int _forgeriesAccepted;
        private int _genuineSent;
        private int _crossTeamSent;
        private int _crossTeamLeaks;
        private int _envelopeViolations;

        public ConcurrentQueue<string> Failures { get; } = new();
        public ConcurrentDictionary<string, long> Acknowledged { get; } = new();
        public ConcurrentBag<string> ErrorBodies { get; } = [];
        public ConcurrentDictionary<int, int> Statuses { get; } = new();
        public ConcurrentDictionary<string, int> Tags { get; } = new();
        public ConcurrentDictionary<string, int> Areas { get; } = new();
        public ConcurrentDictionary<string, int> Routes { get; } = new();

        public int ServerErrors => _serverErrors;
        public int ForgeriesSent => _forgeriesSent;
        public int ForgeriesAccepted => _forgeriesAccepted;
        public int GenuineSent => _genuineSent;
        public int CrossTeamSent => _crossTeamSent;
        public int CrossTeamLeaks => _crossTeamLeaks;
        public int EnvelopeViolations => _envelopeViolations;

        public void Fail(Probe probe, string problem) => Failures.Enqueue($"{problem} — {probe.Describe()}");

        public void Check(Probe probe, int status, byte[] body)
        {
            Statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
            Areas.AddOrUpdate(probe.Area, 1, (_, c) => c + 1);
            Routes.AddOrUpdate(probe.Route, 1, (_, c) => c + 1);
            foreach (var tag in probe.Tags)
                Tags.AddOrUpdate(tag, 1, (_, c) => c + 1);
            var text = Encoding.UTF8.GetString(body);
            if (status >= 400)
                ErrorBodies.Add(text.Length > 2_000 ? text[..2_000] : text);

            if (status >= 500)
            {
                Interlocked.Increment(ref _serverErrors);
                Fail(probe, $"answered {status}: {Cut(text)}");
            }

            switch (probe.Webhook)
            {
                case WebhookClass.Forged:
                    Interlocked.Increment(ref _forgeriesSent);
                    if (status < 400)
                    {
                        Interlocked.Increment(ref _forgeriesAccepted);
                        Fail(probe, $"FORGED WEBHOOK ANSWERED {status}: {Cut(text)}");
                    }
                    break;
                case WebhookClass.Genuine:
                    Interlocked.Increment(ref _genuineSent);
                    if (status == 200)
                    {
                        var ack = JsonNode.Parse(text)!;
                        if (ack["received"]?.GetValue<bool>() != true || ack["id"]?.GetValue<string>() is not { } id)
                            Fail(probe, $"a 200 acknowledgement without received/id: {Cut(text)}");
                        else if (ack["duplicate"]?.GetValue<bool>() != true)
                            Acknowledged[id] = probe.Index;
                    }
                    else if (status is not (400 or 413))
                    {
                        Fail(probe, $"a genuinely signed delivery to a live connection answered {status}: {Cut(text)}");
                    }
                    break;
            }

            if (probe.CrossTeam)
            {
                Interlocked.Increment(ref _crossTeamSent);
                if (status is >= 200 and < 300)
                {
                    Interlocked.Increment(ref _crossTeamLeaks);
                    Fail(probe, $"ANOTHER TEAM'S RECORD ANSWERED {status}: {Cut(text)}");
                }
            }

            if (probe.ApiRoute && status >= 400 && EnvelopeProblem(text) is { } problem)
            {
                Interlocked.Increment(ref _envelopeViolations);
                Fail(probe, $"{status} error is not the envelope ({problem}): {Cut(text)}");
            }
        }

        private static string? EnvelopeProblem(string text)
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                return "not JSON";
            }
            if (node is not JsonObject envelope)
                return "not an object";
            if (envelope["success"] is not JsonValue success || !success.TryGetValue<bool>(out var ok) || ok)
                return "success is not false";
            if (envelope["error"] is not JsonObject error)
                return "no error object";
            if (error["code"] is not JsonValue code || !code.TryGetValue<string>(out var c) || string.IsNullOrWhiteSpace(c))
                return "no error.code";
            if (error["message"] is not JsonValue message || !message.TryGetValue<string>(out var m) || string.IsNullOrWhiteSpace(m))
                return "no error.message";
            return null;
        }

        private static string Cut(string text) => text.Length > 300 ? text[..300] + "…" : text;
    }
}
