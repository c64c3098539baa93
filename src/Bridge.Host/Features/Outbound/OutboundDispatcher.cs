using System.Diagnostics;
using System.Net.Http.Headers;
using Bridge.Core.Outbound;
using Microsoft.Extensions.Options;

namespace Bridge.Host.Features.Outbound;

/// <summary>Outbound delivery settings (section <c>Outbound</c>).</summary>
public sealed class OutboundOptions
{
    public int IntervalSeconds { get; set; } = 5;
    public int BatchSize { get; set; } = 50;
    public int Concurrency { get; set; } = 8;
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Delays before retries 1, 2, …; after the last one a delivery is failed (default ≈ 3 days in all).</summary>
    public List<TimeSpan> RetrySchedule { get; set; } = [];

    public int DisableAfterConsecutiveFailures { get; set; } = 20;
    public TimeSpan DisableAfterFailingFor { get; set; } = TimeSpan.FromHours(72);

    public static readonly IReadOnlyList<TimeSpan> DefaultSchedule =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(6), TimeSpan.FromHours(12), TimeSpan.FromHours(24), TimeSpan.FromHours(24),
    ];

    public IReadOnlyList<TimeSpan> Schedule => RetrySchedule.Count > 0 ? RetrySchedule : DefaultSchedule;
}

/// <summary>
/// Sends due deliveries at least once: signs each (Affonso and Standard Webhooks headers), posts it with a timeout,
/// logs the attempt (status, latency, response snippet) and schedules the retry with back-off. Runs off the Quartz
/// schedule, separate from ingestion, so a slow or dead receiver never slows webhooks coming in.
/// </summary>
public sealed class OutboundDispatcher(OutboundStore store, IHttpClientFactory http, IOptions<OutboundOptions> options, Observability.BridgeMetrics metrics,
    TimeProvider clock, ILogger<OutboundDispatcher> logger)
{
    public const string HttpClientName = "outbound-webhooks";

    /// <summary>Sends what is due now; returns how many deliveries were attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var attempted = 0;
        while (!ct.IsCancellationRequested)
        {
            var batch = await store.ClaimAsync(settings.BatchSize, TimeSpan.FromSeconds(settings.TimeoutSeconds * 3 + 30), ct);
            if (batch.Count == 0)
                break;
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Concurrency), CancellationToken = ct },
                async (item, token) => await SendAsync(item.Delivery, item.Endpoint, token));
            attempted += batch.Count;
        }
        return attempted;
    }

    private async Task SendAsync(OutboundDelivery delivery, OutboundEndpoint endpoint, CancellationToken ct)
    {
        var settings = options.Value;
        var attemptNumber = delivery.Attempts + 1;
        var started = Stopwatch.GetTimestamp();
        int? status = null;
        string? snippet = null, error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new StringContent(delivery.Payload) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            foreach (var (name, value) in OutboundSignature.Headers(endpoint.Secret, delivery.EventId, clock.GetUtcNow(), delivery.Payload))
                request.Headers.TryAddWithoutValidation(name, value);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            snippet = text.Length > 500 ? text[..500] : text;
            if (!response.IsSuccessStatusCode)
                error = $"HTTP {status}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            error = $"no answer within {settings.TimeoutSeconds} s";
        }
        catch (HttpRequestException ex)
        {
            error = ex.Message;
        }
        var success = error is null;
        var retryAt = success || attemptNumber > settings.Schedule.Count ? (DateTimeOffset?)null : clock.GetUtcNow() + settings.Schedule[attemptNumber - 1];
        var attempt = new OutboundAttempt
        {
            DeliveryId = delivery.Id,
            Attempt = attemptNumber,
            AttemptedAt = clock.GetUtcNow(),
            StatusCode = status,
            LatencyMs = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            ResponseSnippet = snippet,
            Error = error,
        };
        await store.RecordAttemptAsync(delivery, attempt, success, retryAt, settings.DisableAfterConsecutiveFailures, settings.DisableAfterFailingFor, CancellationToken.None);
        metrics.OutboundDeliveries.Add(1, new KeyValuePair<string, object?>("result", success ? "delivered" : retryAt is null ? "failed" : "retry"));
        logger.LogInformation("Outbound {EventType} {DeliveryId} to endpoint {EndpointId}: attempt {Attempt} → {Result} in {LatencyMs} ms",
            delivery.EventType, delivery.Id, endpoint.Id, attemptNumber, success ? $"HTTP {status}" : error, attempt.LatencyMs);
    }
}
