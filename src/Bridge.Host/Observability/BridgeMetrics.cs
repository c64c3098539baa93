using System.Diagnostics.Metrics;

namespace Bridge.Host.Observability;

/// <summary>The bridge's own instruments (meter <c>Affonso.Bridge</c>), tagged by provider.</summary>
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
    }

    public Counter<long> Received { get; }
    public Counter<long> Verified { get; }
    public Counter<long> Rejected { get; }
    public Counter<long> Duplicates { get; }
    public Counter<long> Processed { get; }
    public Histogram<double> AckLatency { get; }
    public Histogram<double> ProcessingLag { get; }

    public static KeyValuePair<string, object?> Provider(string provider) => new("provider", provider);

    public void Dispose() => _meter.Dispose();
}
