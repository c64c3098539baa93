using System.Diagnostics.Metrics;

namespace Bridge.Host.Observability;

/// <summary>
/// The bridge's own instruments (meter <c>Affonso.Bridge</c>), tagged by provider. Exported on <c>/metrics</c> by the
/// Prometheus exporter, which turns dots into underscores, adds <c>_total</c> to counters and the unit to histograms
/// (<c>bridge.webhooks.received</c> → <c>bridge_webhooks_received_total</c>, <c>bridge.webhooks.ack_latency</c> (ms) →
/// <c>bridge_webhooks_ack_latency_milliseconds_bucket/_sum/_count</c>).
/// </summary>
public sealed class BridgeMetrics : IDisposable
{
    public const string MeterName = "Affonso.Bridge";

    private readonly Meter _meter;

    public BridgeMetrics(IMeterFactory factory)
    {
        _meter = factory.Create(MeterName);
        Received = _meter.CreateCounter<long>("bridge.webhooks.received", description: "Webhook requests received");
        Verified = _meter.CreateCounter<long>("bridge.webhooks.verified", description: "Webhooks whose signature verified and were stored");
        Rejected = _meter.CreateCounter<long>("bridge.webhooks.rejected", description: "Webhooks refused (bad or missing signature, stale timestamp)");
        Duplicates = _meter.CreateCounter<long>("bridge.webhooks.duplicates", description: "Deliveries of an event already in the inbox");
        Processed = _meter.CreateCounter<long>("bridge.inbox.settled", description: "Inbound events settled, by final status");
        AckLatency = _meter.CreateHistogram<double>("bridge.webhooks.ack_latency", unit: "ms", description: "Time from request start to acknowledgement");
        ProcessingLag = _meter.CreateHistogram<double>("bridge.inbox.processing_lag", unit: "ms", description: "Time from receipt to settlement");
        OutboundDeliveries = _meter.CreateCounter<long>("bridge.outbound.deliveries", description: "Outbound webhook delivery attempts, by result");
    }

    public Counter<long> Received { get; }
    public Counter<long> Verified { get; }
    public Counter<long> Rejected { get; }
    public Counter<long> Duplicates { get; }
    public Counter<long> Processed { get; }
    public Histogram<double> AckLatency { get; }
    public Histogram<double> ProcessingLag { get; }

    /// <summary>Outbound webhook delivery attempts; tag each with <see cref="Result"/> (e.g. <c>delivered</c>, <c>failed</c>, <c>retrying</c>).</summary>
    public Counter<long> OutboundDeliveries { get; }

    public static KeyValuePair<string, object?> Provider(string provider) => new("provider", provider);

    public static KeyValuePair<string, object?> Result(string result) => new("result", result);

    public void Dispose() => _meter.Dispose();
}
