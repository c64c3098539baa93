using Bridge.Core.Connections;
using Bridge.Core.Inbox;
using Bridge.Core.Payments;
using Bridge.Host.Observability;
using Bridge.Providers;
using Bridge.Providers.Contract;
using Microsoft.Extensions.Options;

namespace Bridge.Host.Processing;

/// <summary>
/// Processes one claimed inbound event: reopens the verified body, maps it with its adapter, applies every payment
/// fact with the engine, records what it mapped to, wakes events parked on what it satisfied, and settles the event —
/// all in one transaction, so a crash leaves either nothing or everything.
/// </summary>
public sealed class InboxProcessor(
    BridgeDatabase database,
    PaymentEngine engine,
    Features.Webhooks.ConnectionCache connections,
    InboxSignal signal,
    BridgeMetrics metrics,
    IOptions<InboxOptions> options,
    TimeProvider clock,
    ILogger<InboxProcessor> logger)
{
    public async Task ProcessAsync(InboundEvent inbound, string worker, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (payments, settled) = await MapAsync(inbound, ct);
        var finalAttempt = inbound.ParkedUntil is { } deadline && deadline <= now;
        var woken = 0;
        string status = settled?.Status ?? InboundStatus.Processed;
        string? reason = settled?.Reason;

        await database.InTransactionAsync(async (connection, transaction) =>
        {
            var rows = new List<InboundPayment>();
            var outcomes = new List<FactOutcome>();
            for (var i = 0; i < payments.Count; i++)
            {
                var fact = settled is null ? PaymentFacts.From(payments[i], inbound, finalAttempt) : null;
                var outcome = fact is null ? null : await engine.ApplyAsync(connection, transaction, inbound.TeamId, fact);
                if (outcome is not null)
                    outcomes.Add(outcome);
                rows.Add(PaymentFacts.Row(inbound, i, payments[i], outcome));
            }
            await InboxStore.ReplacePaymentsAsync(connection, transaction, inbound.Id, rows, firstAttempt: inbound.Attempts <= 1);

            if (settled is null)
                (status, reason) = Summarize(payments, outcomes);
            var waiting = outcomes.Where(o => o.IsParked).SelectMany(o => o.WaitingFor).Distinct().ToList();
            var parked = status == InboundStatus.Parked;
            var parkedUntil = parked ? inbound.ParkedUntil ?? now + options.Value.ParkingWindow : inbound.ParkedUntil;
            var nextAttempt = parked ? Min(now + options.Value.ParkedRetryInterval, parkedUntil!.Value) : (DateTimeOffset?)null;
            woken = await InboxStore.WakeAsync(connection, transaction, inbound.TeamId, outcomes.SelectMany(o => o.Satisfies).Except(waiting).Distinct().ToList(), now);
            if (!await InboxStore.SettleAsync(connection, transaction, inbound, worker, status, reason,
                    parked ? " " + string.Join(' ', waiting) + " " : null, parkedUntil, nextAttempt, now))
                throw new InvalidOperationException($"lost the claim on {inbound.Id}");
            await InboxStore.RecordAttemptAsync(connection, transaction, inbound, worker, now, status, reason, clock.GetUtcNow());
        }, ct);

        metrics.Processed.Add(1, BridgeMetrics.Provider(inbound.Provider), new KeyValuePair<string, object?>("status", status));
        metrics.ProcessingLag.Record((clock.GetUtcNow() - inbound.ReceivedAt).TotalMilliseconds, BridgeMetrics.Provider(inbound.Provider));
        logger.Log(status is InboundStatus.Processed or InboundStatus.Ignored ? LogLevel.Debug : LogLevel.Information,
            "Inbound event {InboundEventId} ({Provider} {EventType}) → {Status}: {Reason}", inbound.Id, inbound.Provider, inbound.EventType, status, reason);
        if (woken > 0)
            signal.Notify();
    }

    /// <summary>The adapter's mapping; a settled result when the event cannot or need not reach the engine.</summary>
    private async Task<(IReadOnlyList<PaymentEvent> Payments, (string Status, string Reason)? Settled)> MapAsync(InboundEvent inbound, CancellationToken ct)
    {
        var adapter = ProviderCatalog.Find(inbound.Provider);
        if (adapter is null)
            return ([], (InboundStatus.Failed, $"no adapter for provider '{inbound.Provider}'"));
        var connection = await connections.FindActiveAsync(inbound.ConnectionId, ct);
        if (connection is { Mode: ConnectionMode.Live } && inbound.LiveMode == false)
            return ([], (InboundStatus.Ignored, "test-mode event on a live connection"));

        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(inbound.HeadersJson) ?? [];
        var raw = new RawWebhook(inbound.Provider, new WebhookHeaders(headers), inbound.Body, inbound.ReceivedAt);
        var mapping = adapter.Map(VerifiedWebhook.FromInbox(raw, inbound.ProviderEventId, inbound.EventType, inbound.LiveMode));
        if (mapping.Error is not null)
            return (mapping.Events, (InboundStatus.Failed, "the payload could not be mapped: " + mapping.Error));
        if (mapping.Events.Count == 0 || mapping.Events.All(e => e.Kind == PaymentKind.Ignored))
            return (mapping.Events, (InboundStatus.Ignored, string.Join("; ", mapping.Events.Select(e => e.IgnoredReason).Where(r => r is not null).DefaultIfEmpty("no payment in the event"))));
        return (mapping.Events, null);
    }

    private static (string Status, string Reason) Summarize(IReadOnlyList<PaymentEvent> payments, IReadOnlyList<FactOutcome> outcomes)
    {
        if (outcomes.FirstOrDefault(o => o.IsFailed) is { } failed)
            return (InboundStatus.Failed, failed.Reason ?? "failed");
        if (outcomes.FirstOrDefault(o => o.IsParked) is { } parked)
            return (InboundStatus.Parked, parked.Reason ?? "waiting");
        var summary = string.Join("; ", outcomes.Select(o => o.Result + (o.Reason is null ? "" : $" ({o.Reason})")));
        return (InboundStatus.Processed, summary.Length == 0 ? $"{payments.Count} payment(s)" : summary);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
