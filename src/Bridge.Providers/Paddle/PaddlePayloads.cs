using Bridge.Providers.Json;

namespace Bridge.Providers.Paddle;

/// <summary>
/// The Paddle notification envelope, <c>{ event_id, event_type, occurred_at, notification_id, data }</c>, and which
/// event types carry money.
/// </summary>
internal static class PaddlePayloads
{
    public const string TransactionCompleted = "transaction.completed";
    public const string TransactionPaid = "transaction.paid";
    public const string AdjustmentCreated = "adjustment.created";
    public const string AdjustmentUpdated = "adjustment.updated";

    /// <summary>Deduplication key = <c>event_id</c>; <c>notification_id</c> names one delivery of it and is not used.</summary>
    public static EventIdentity? Identify(JsonElement payload) =>
        payload.Str("event_id") is { } eventId
            ? new EventIdentity(eventId, payload.Str("event_type") ?? "", LiveMode: null)
            : null;

    public static MappingResult Map(VerifiedWebhook webhook)
    {
        var payload = webhook.Payload;
        var occurredAt = payload.Time("occurred_at") ?? webhook.Raw.ReceivedAt;
        var envelope = new PaddleEnvelope(webhook.EventId, webhook.EventType, occurredAt);

        if (!IsHandled(webhook.EventType))
            return MappingResult.Of(PaymentEvent.Ignore(envelope.EventId, $"'{webhook.EventType}' is not a payment event", occurredAt));
        if (payload.At("data") is not { ValueKind: JsonValueKind.Object } data)
            return MappingResult.Fail($"{webhook.EventType} has no data object");

        return webhook.EventType is TransactionCompleted or TransactionPaid
            ? PaddleTransactions.Map(envelope, data)
            : PaddleAdjustments.Map(envelope, data);
    }

    private static bool IsHandled(string eventType) =>
        eventType is TransactionCompleted or TransactionPaid or AdjustmentCreated or AdjustmentUpdated;
}

internal sealed record PaddleEnvelope(string EventId, string EventType, DateTimeOffset OccurredAt)
{
    public PaymentEvent Ignore(string reason) => PaymentEvent.Ignore(EventId, reason, OccurredAt);
}
