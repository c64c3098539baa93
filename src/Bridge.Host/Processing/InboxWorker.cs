using Bridge.Core.Inbox;
using Microsoft.Extensions.Options;

namespace Bridge.Host.Processing;

/// <summary>
/// Background loops that claim due inbox events and process them. They wake on <see cref="InboxSignal"/> (an event was
/// stored) and poll otherwise. An event that throws is retried with exponential back-off, then marked failed. On
/// shutdown, claimed events not yet started are released for another worker.
/// </summary>
public sealed class InboxWorker(InboxStore inbox, InboxProcessor processor, InboxSignal signal, IOptions<InboxOptions> options, Observability.BridgeMetrics metrics,
    TimeProvider clock, ILogger<InboxWorker> logger)
    : BackgroundService
{
    private readonly string _instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Last time a loop completed a cycle (health: the worker is alive).</summary>
    public DateTimeOffset LastHeartbeat { get; private set; } = DateTimeOffset.MinValue;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(n => RunLoopAsync($"{_instance}/{n}", stoppingToken)));

    private async Task RunLoopAsync(string worker, CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                LastHeartbeat = clock.GetUtcNow();
                var batch = await inbox.ClaimAsync(worker, options.Value.BatchSize, options.Value.ClaimLease, stoppingToken);
                if (batch.Count == 0)
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                    continue;
                }
                await ProcessBatchAsync(batch, worker, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Inbox worker {Worker} could not claim events; retrying", worker);
                await Task.Delay(options.Value.PollInterval, CancellationToken.None);
            }
        }
    }

    private async Task ProcessBatchAsync(IReadOnlyList<InboundEvent> batch, string worker, CancellationToken stoppingToken)
    {
        if (stoppingToken.IsCancellationRequested)
        {
            await ReleaseUnstartedAsync(batch, worker);
            return;
        }
        IReadOnlyList<(InboundEvent Event, Exception Error)> failures;
        IReadOnlyList<InboundEvent> unstarted = [];
        try
        {
            (failures, unstarted) = await processor.ProcessBatchAsync(batch, worker, stoppingToken, CancellationToken.None);
        }
        catch (Exception ex)
        {
            failures = batch.Select(inbound => (inbound, ex)).ToList();
        }
        foreach (var (inbound, ex) in failures)
            await RetryLaterAsync(inbound, worker, ex);
        await ReleaseUnstartedAsync(unstarted, worker);
    }

    private async Task RetryLaterAsync(InboundEvent inbound, string worker, Exception ex)
    {
        var giveUp = inbound.Attempts >= options.Value.MaxAttempts;
        var reason = $"attempt {inbound.Attempts} failed: {ex.GetType().Name}: {ex.Message}";
        logger.LogWarning(ex, "Processing {Provider} inbound event {InboundEventId} failed (attempt {Attempt})", inbound.Provider, inbound.Id, inbound.Attempts);
        try
        {
            await inbox.ReleaseAsync(inbound, worker, giveUp ? InboundStatus.Failed : InboundStatus.Pending, reason,
                giveUp ? null : clock.GetUtcNow() + options.Value.RetryDelayFor(inbound.Attempts), CancellationToken.None);
            if (giveUp)
                metrics.Processed.Add(1, Observability.BridgeMetrics.Provider(inbound.Provider), new KeyValuePair<string, object?>("status", InboundStatus.Failed));
        }
        catch (Exception releaseError)
        {
            logger.LogWarning(releaseError, "Could not record the failure of {InboundEventId}; its claim expires on its own", inbound.Id);
        }
    }

    private async Task ReleaseUnstartedAsync(IEnumerable<InboundEvent> unstarted, string worker)
    {
        foreach (var inbound in unstarted)
        {
            try
            {
                await inbox.ReleaseAsync(inbound, worker, InboundStatus.Pending, "released at shutdown", clock.GetUtcNow(), CancellationToken.None, countAttempt: false);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not release {InboundEventId} at shutdown; its claim expires on its own", inbound.Id);
            }
        }
    }
}
