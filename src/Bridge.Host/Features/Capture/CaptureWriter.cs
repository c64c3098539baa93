using System.Threading.Channels;
using Bridge.Core.Connections;
using Bridge.Providers;
using Bridge.Providers.Contract;
using Bridge.Providers.Fixtures;

namespace Bridge.Host.Features.Capture;

/// <summary>
/// Capture mode: a connection with a capture folder also writes each verified, stored delivery there as a fixture
/// (body + sidecar) for regression tests. Written in the background from a bounded queue: capture never slows or fails
/// an acknowledgement, and is dropped (with a warning) when the queue is full.
/// </summary>
public sealed class CaptureWriter(TimeProvider clock, ILogger<CaptureWriter> logger) : BackgroundService
{
    private readonly Channel<(ProviderConnection Connection, VerifiedWebhook Webhook)> _queue =
        Channel.CreateBounded<(ProviderConnection, VerifiedWebhook)>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Enqueue(ProviderConnection connection, VerifiedWebhook webhook)
    {
        if (!_queue.Writer.TryWrite((connection, webhook)))
            logger.LogWarning("Capture queue full; {EventId} was not captured", webhook.EventId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (connection, webhook) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await WriteAsync(connection, webhook, stoppingToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(ex, "Could not capture {EventId} into {Folder}", webhook.EventId, connection.CaptureDir);
            }
        }
    }

    /// <summary>Writes one capture; also used directly by tests.</summary>
    public async Task<string> WriteAsync(ProviderConnection connection, VerifiedWebhook webhook, CancellationToken ct)
    {
        var provider = ProviderCatalog.Find(connection.Provider)!;
        var capture = FixtureCapture.Create(provider, webhook, connection.CaptureMask, clock.GetUtcNow());
        var folder = Path.GetFullPath(connection.CaptureDir!);
        Directory.CreateDirectory(folder);
        var bodyPath = Path.Combine(folder, capture.FileName + ".json");
        await File.WriteAllBytesAsync(bodyPath, capture.Body, ct);
        await File.WriteAllTextAsync(CapturedEvent.SidecarPathFor(bodyPath), JsonSerializer.Serialize(capture.Sidecar, CapturedEvent.SidecarJson) + "\n", ct);
        logger.LogInformation("Captured {Provider} {EventType} {EventId} into {Path}", provider.Name, webhook.EventType, webhook.EventId, bodyPath);
        return bodyPath;
    }
}
