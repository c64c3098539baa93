using Dapper;
using System.Data.Common;
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
    /// <summary>One claimed event (used by tests and for retrying an event alone).</summary>
    public async Task ProcessAsync(InboundEvent inbound, string worker, CancellationToken ct)
    {
        var (failures, _) = await ProcessBatchAsync([inbound], worker, CancellationToken.None, ct);
        if (failures.Count > 0)
            throw failures[0].Error;
    }

    /// <summary>
    /// Processes a claimed batch in one transaction — one commit for the batch — each event inside its own savepoint,
    /// so one event that throws is rolled back alone and returned for a retry while the others commit. The lock keys of
    /// every fact in the batch are taken first, in one global order, so concurrent batches never deadlock. When
    /// <paramref name="stopping"/> fires, the event in flight finishes and the rest come back unstarted, to be released.
    /// </summary>
    public async Task<(IReadOnlyList<(InboundEvent Event, Exception Error)> Failures, IReadOnlyList<InboundEvent> Unstarted)> ProcessBatchAsync(
        IReadOnlyList<InboundEvent> batch, string worker, CancellationToken stopping, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var prepared = new List<Prepared>(batch.Count);
        foreach (var inbound in batch)
        {
            var (payments, settled) = await MapAsync(inbound, ct);
            var finalAttempt = inbound.ParkedUntil is { } deadline && deadline <= now;
            var facts = settled is null ? payments.Select(p => PaymentFacts.From(p, inbound, finalAttempt)).ToList() : payments.Select(_ => (PaymentFact?)null).ToList();
            prepared.Add(new Prepared(inbound, payments, facts, settled));
        }

        var failures = new List<(InboundEvent, Exception)>();
        var unstarted = new List<InboundEvent>();
        var settledEvents = new List<(InboundEvent Event, string Status, string? Reason)>();
        var woken = 0;
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            await engine.LockAsync(connection, transaction,
                prepared.SelectMany(p => p.Facts.OfType<PaymentFact>().SelectMany(f => PaymentEngine.LockKeys(p.Event.TeamId, f))));
            unstarted.Clear();
            failures.Clear();
            settledEvents.Clear();
            woken = 0;
            BatchReadCache.BeginForThisFlow();
            var parked = new ParkedTeams();
            // One savepoint, always standing before the next event: a successful event releases it and sets it again in
            // its last command; a failing one rolls back to it (which keeps it) and the next event reuses it.
            await connection.ExecuteAsync("SAVEPOINT inbound_event", transaction: transaction);
            foreach (var item in prepared)
            {
                if (stopping.IsCancellationRequested)
                {
                    unstarted.Add(item.Event);
                    continue;
                }
                try
                {
                    var (status, reason, wokeUp) = await ProcessOneAsync(connection, transaction, item, worker, now, parked);
                    settledEvents.Add((item.Event, status, reason));
                    woken += wokeUp;
                }
                catch (Exception ex) when (!BridgeDatabase.IsUnavailable(ex) && ex is not LostClaimException)
                {
                    await connection.ExecuteAsync("ROLLBACK TO SAVEPOINT inbound_event", transaction: transaction);
                    failures.Add((item.Event, ex));
                }
            }
        }, ct);

        foreach (var (inbound, status, reason) in settledEvents)
        {
            metrics.Processed.Add(1, BridgeMetrics.Provider(inbound.Provider), new KeyValuePair<string, object?>("status", status));
            metrics.ProcessingLag.Record((clock.GetUtcNow() - inbound.ReceivedAt).TotalMilliseconds, BridgeMetrics.Provider(inbound.Provider));
            logger.Log(status is InboundStatus.Processed or InboundStatus.Ignored ? LogLevel.Debug : LogLevel.Information,
                "Inbound event {InboundEventId} ({Provider} {EventType}) → {Status}: {Reason}", inbound.Id, inbound.Provider, inbound.EventType, status, reason);
        }
        if (woken > 0)
            signal.Notify();
        return (failures, unstarted);
    }

    private sealed record Prepared(InboundEvent Event, IReadOnlyList<PaymentEvent> Payments, IReadOnlyList<PaymentFact?> Facts, (string Status, string Reason)? Settled);

    private async Task<(string Status, string? Reason, int Woken)> ProcessOneAsync(DbConnection connection, DbTransaction transaction, Prepared item, string worker,
        DateTimeOffset now, ParkedTeams parkedTeams)
    {
        var inbound = item.Event;
        var rows = new List<InboundPayment>();
        var outcomes = new List<FactOutcome>();
        for (var i = 0; i < item.Payments.Count; i++)
        {
            var outcome = item.Facts[i] is { } fact ? await engine.ApplyAsync(connection, transaction, inbound.TeamId, fact, keysLocked: true) : null;
            if (outcome is not null)
                outcomes.Add(outcome);
            rows.Add(PaymentFacts.Row(inbound, i, item.Payments[i], outcome));
        }
        await InboxStore.ReplacePaymentsAsync(connection, transaction, inbound.Id, rows, firstAttempt: inbound.Attempts <= 1);

        var (status, reason) = item.Settled ?? Summarize(item.Payments, outcomes);
        var waiting = outcomes.Where(o => o.IsParked).SelectMany(o => o.WaitingFor).Distinct().ToList();
        var parked = status == InboundStatus.Parked;
        var parkedUntil = parked ? inbound.ParkedUntil ?? now + options.Value.ParkingWindow : inbound.ParkedUntil;
        var nextAttempt = parked ? Min(now + options.Value.ParkedRetryInterval, parkedUntil!.Value) : (DateTimeOffset?)null;
        var satisfied = outcomes.SelectMany(o => o.Satisfies).Except(waiting).Distinct().ToList();
        var woken = satisfied.Count == 0 ? 0
            : await InboxStore.WakeAsync(connection, transaction, inbound.TeamId, satisfied, now, await parkedTeams.AnyAsync(connection, transaction, inbound.TeamId));
        if (!await InboxStore.SettleAndRecordAttemptAsync(connection, transaction, database.IsPostgres, inbound, worker, status, reason,
                parked ? " " + string.Join(' ', waiting) + " " : null, parkedUntil, nextAttempt, now, clock.GetUtcNow(),
                then: "RELEASE SAVEPOINT inbound_event; SAVEPOINT inbound_event"))
            throw new LostClaimException(inbound.Id);
        if (parked)
            parkedTeams.Parked(inbound.TeamId);
        return (status, reason, woken);
    }

    /// <summary>
    /// Whether each team of the batch has parked events, looked up once per batch: the batch holds the lock keys of all
    /// its facts from the start, so an event parking on one of them either committed before (and is seen) or waits for
    /// this batch; events parked by the batch itself are added as they park.
    /// </summary>
    private sealed class ParkedTeams
    {
        private readonly Dictionary<string, bool> _known = new(StringComparer.Ordinal);

        public async Task<bool> AnyAsync(DbConnection connection, DbTransaction transaction, string teamId)
        {
            if (!_known.TryGetValue(teamId, out var any))
                _known[teamId] = any = await InboxStore.AnyParkedAsync(connection, transaction, teamId);
            return any;
        }

        public void Parked(string teamId) => _known[teamId] = true;
    }

    /// <summary>
    /// Another worker took the event over (its claim expired mid-batch). The savepoint is already past this event, so
    /// the whole batch is abandoned (rolled back) and retried, never committed with work for an event it no longer owns.
    /// </summary>
    private sealed class LostClaimException(string inboundEventId) : InvalidOperationException($"lost the claim on {inboundEventId}");

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
