using System.Diagnostics;
using Bridge.Core.Connections;
using Bridge.Core.Inbox;
using Bridge.Host.Observability;
using Bridge.Host.Processing;
using Bridge.Providers;
using Bridge.Providers.Contract;

namespace Bridge.Host.Features.Webhooks;

public sealed record WebhookAck(bool Received, string Id, bool Duplicate);

/// <summary>
/// <c>POST /webhooks/{provider}/{connection_id}</c> — the acknowledgement path. Reads the raw bytes, verifies the
/// signature over them, stores the delivery in the inbox (unique per connection + provider event id), and only then
/// answers 200. Unknown provider/connection → 404; bad signature → 400 with the reason, nothing stored; too large →
/// 413; database down → 503. Processing happens after, in the inbox worker.
/// </summary>
public static class WebhookIngestion
{
    /// <summary>Headers never kept with the stored event: credentials and signatures.</summary>
    private static readonly HashSet<string> DroppedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Cookie", "Stripe-Signature", "Paddle-Signature", "webhook-signature", "creem-signature", "x-creem-signature",
    };

    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/webhooks").WithTags("Webhooks").AllowAnonymous();
        group.MapPost("/{provider}/{connectionId}", ReceiveAsync)
            .WithSummary("Signed provider webhook: verified, stored durably, then acknowledged.")
            .DisableAntiforgery();
        return group;
    }

    private static async Task<Results<Ok<WebhookAck>, JsonHttpResult<ErrorEnvelope>>> ReceiveAsync(
        string provider, string connectionId, HttpRequest request, [AsParameters] IngestionServices services, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var adapter = ProviderCatalog.Find(provider);
        var connection = adapter is null ? null : await services.Connections.FindActiveAsync(connectionId, ct);
        if (adapter is null || connection is null || !string.Equals(connection.Provider, adapter.Name, StringComparison.Ordinal))
            return ApiErrors.NotFound("Webhook connection");
        var providerTag = BridgeMetrics.Provider(adapter.Name);
        services.Metrics.Received.Add(1, providerTag);

        var body = await RequestBody.ReadAsync(request, services.Limits.MaxBodyBytes, ct);
        if (body is null)
            return ApiErrors.Error(StatusCodes.Status413PayloadTooLarge, BodySizeLimit.TooLarge(request.HttpContext));

        var now = services.Clock.GetUtcNow();
        var headers = new WebhookHeaders(request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString())));
        var raw = new RawWebhook(adapter.Name, headers, body, now);
        var tolerance = TimeSpan.FromSeconds(connection.ToleranceSeconds ?? services.Limits.DefaultToleranceSeconds(adapter));
        var verification = adapter.Verify(raw, connection.Secrets, tolerance, now);
        if (verification is VerificationResult.Rejected rejected)
        {
            services.Metrics.Rejected.Add(1, providerTag);
            services.Rejections.Add(new RejectedWebhook(now, adapter.Name, connection.Id, connection.TeamId, rejected.Reason, request.HttpContext.Connection.RemoteIpAddress?.ToString()));
            services.Logger.LogWarning("Rejected {Provider} webhook for connection {ConnectionId}: {Reason}", adapter.Name, connection.Id, rejected.Reason);
            return ApiErrors.Error(StatusCodes.Status400BadRequest, new ApiError("INVALID_SIGNATURE", $"Webhook rejected: {rejected.Reason}."));
        }
        var verified = ((VerificationResult.Verified)verification).Webhook;

        var (id, duplicate) = await services.Inbox.InsertAsync(new InboundEvent
        {
            Id = Id.New(IdPrefix.InboundEvent, services.Clock),
            TeamId = connection.TeamId,
            ConnectionId = connection.Id,
            Provider = adapter.Name,
            ProviderEventId = verified.EventId,
            EventType = verified.EventType,
            LiveMode = verified.LiveMode,
            HeadersJson = JsonSerializer.Serialize(headers.All.Where(h => !DroppedHeaders.Contains(h.Key)).ToDictionary()),
            Body = body,
            ReceivedAt = now,
            Status = InboundStatus.Pending,
        }, ct);

        if (duplicate)
        {
            services.Metrics.Duplicates.Add(1, providerTag);
        }
        else
        {
            services.Metrics.Verified.Add(1, providerTag);
            services.Signal.Notify();
            if (connection.CaptureDir is not null)
                services.Capture.Enqueue(connection, verified);
        }
        services.Logger.LogDebug("Stored {Provider} {EventType} {ProviderEventId} as {InboundEventId} (duplicate: {Duplicate})",
            adapter.Name, verified.EventType, verified.EventId, id, duplicate);
        services.Metrics.AckLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, providerTag);
        return TypedResults.Ok(new WebhookAck(true, id, duplicate));
    }
}

/// <summary>What the ingestion endpoint needs, bundled (<c>[AsParameters]</c>).</summary>
public sealed record IngestionServices(
    ConnectionCache Connections,
    InboxStore Inbox,
    InboxSignal Signal,
    BridgeMetrics Metrics,
    RejectedWebhooks Rejections,
    WebhookLimits Limits,
    Capture.CaptureWriter Capture,
    TimeProvider Clock,
    ILogger<WebhookIngestionLog> Logger);

/// <summary>Log category for webhook ingestion.</summary>
public sealed class WebhookIngestionLog;

/// <summary>Body size and default timestamp tolerance for webhooks (<c>Api:MaxBodyBytes</c>, <c>Webhooks:ToleranceSeconds</c>).</summary>
public sealed class WebhookLimits(IConfiguration configuration)
{
    public long MaxBodyBytes { get; } = configuration.GetValue("Api:MaxBodyBytes", BodySizeLimit.DefaultMaxBytes);

    private readonly int? _tolerance = configuration.GetValue<int?>("Webhooks:ToleranceSeconds");

    /// <summary>The configured tolerance, else the provider's own default (300 s for all that sign a timestamp).</summary>
    public int DefaultToleranceSeconds(IPaymentProvider provider) => _tolerance ?? (int)(provider.DefaultTolerance ?? TimeSpan.FromMinutes(5)).TotalSeconds;
}
