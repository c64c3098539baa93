namespace Bridge.Providers.Contract;

/// <summary>
/// A webhook whose signature has been checked. Only a provider's <c>Verify</c> creates one from a request, so
/// <see cref="IPaymentProvider.Map"/> can never be handed an unverified body. The inbox worker reopens bodies that
/// were verified at ingestion with <see cref="FromInbox"/>.
/// </summary>
public sealed class VerifiedWebhook
{
    internal VerifiedWebhook(RawWebhook raw, JsonElement payload, string eventId, string eventType, bool? liveMode)
    {
        Raw = raw;
        Payload = payload;
        EventId = eventId;
        EventType = eventType;
        LiveMode = liveMode;
    }

    public RawWebhook Raw { get; }

    /// <summary>The parsed JSON body (a clone that outlives the parser).</summary>
    public JsonElement Payload { get; }

    /// <summary>The provider's idempotency key for this delivery (body id or webhook-id header).</summary>
    public string EventId { get; }

    public string EventType { get; }

    /// <summary>Live (true) or test (false) mode when the payload says so; null when it cannot tell.</summary>
    public bool? LiveMode { get; }

    /// <summary>
    /// Reopens a body that was verified when it arrived and was then stored in the inbox. Only the inbox worker
    /// calls this: re-verifying days later would fail the timestamp window or a rotated secret.
    /// </summary>
    public static VerifiedWebhook FromInbox(RawWebhook raw, string eventId, string eventType, bool? liveMode)
    {
        using var document = JsonDocument.Parse(raw.Body);
        return new VerifiedWebhook(raw, document.RootElement.Clone(), eventId, eventType, liveMode);
    }
}
