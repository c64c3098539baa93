using System.Collections.Concurrent;

namespace Bridge.Api.Tests.Outbound;

/// <summary>
/// Stands in for the merchant's webhook receiver (the only thing functional tests replace: outbound HTTP). Records each
/// request and answers with the scripted status (200 by default), optionally slowly.
/// </summary>
public sealed class RecordingReceiver : HttpMessageHandler
{
    public sealed record Received(string Url, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At)
    {
        public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
        public string Type => Json["type"]!.GetValue<string>();
    }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Status to answer per call number (1-based); missing → 200.</summary>
    public Func<int, HttpStatusCode> StatusFor { get; set; } = _ => HttpStatusCode.OK;

    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    private int _calls;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var call = Interlocked.Increment(ref _calls);
        var body = await request.Content!.ReadAsStringAsync(ct);
        var headers = request.Headers.Concat(request.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new Received(request.RequestUri!.ToString(), headers, body, DateTimeOffset.UtcNow));
        if (Delay > TimeSpan.Zero)
            await Task.Delay(Delay, ct);
        var status = StatusFor(call);
        return new HttpResponseMessage(status) { Content = new StringContent(status == HttpStatusCode.OK ? "{\"ok\":true}" : "{\"error\":\"receiver says no\"}") };
    }

    public async Task<IReadOnlyList<Received>> WaitForAsync(Func<Received, bool> match, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = Requests.Where(match).ToList();
            if (found.Count >= count)
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"got {found.Count} of {count} matching requests; all: {string.Join(", ", Requests.Select(r => r.Type))}");
            await Task.Delay(50);
        }
    }
}
