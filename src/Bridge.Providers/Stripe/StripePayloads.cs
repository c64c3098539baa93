using Bridge.Providers.Json;

namespace Bridge.Providers.Stripe;

/// <summary>Routes a verified Stripe event to the mapper for its type.</summary>
internal static class StripePayloads
{
    public const string ThinEventObject = "v2.core.event";

    public static MappingResult Map(VerifiedWebhook webhook)
    {
        var payload = webhook.Payload;
        var occurredAt = payload.Time("created") ?? default;
        if (payload.Str("object") == ThinEventObject)
            return MappingResult.Of(PaymentEvent.Ignore(webhook.EventId,
                "thin event notifications (v2.core.event) carry no payment data; send snapshot events to this endpoint", occurredAt));

        var mapper = MapperFor(webhook.EventType);
        if (mapper is null)
            return MappingResult.Of(PaymentEvent.Ignore(webhook.EventId, $"event type {webhook.EventType} is not a payment event", occurredAt));
        if (payload.At("data", "object") is not { ValueKind: JsonValueKind.Object } dataObject)
            return MappingResult.Fail($"{webhook.EventType} event has no data.object");

        return mapper(new StripeEvent(webhook.EventId, webhook.EventType, occurredAt, dataObject));
    }

    private static Func<StripeEvent, MappingResult>? MapperFor(string eventType) => eventType switch
    {
        StripeEventTypes.CheckoutSessionCompleted or StripeEventTypes.CheckoutSessionAsyncPaymentSucceeded => StripeCheckoutSessions.Map,
        StripeEventTypes.InvoicePaid or StripeEventTypes.InvoicePaymentSucceeded => StripeInvoices.Map,
        StripeEventTypes.ChargeRefunded => StripeRefunds.MapChargeRefunded,
        StripeEventTypes.RefundCreated or StripeEventTypes.RefundUpdated or StripeEventTypes.RefundFailed => StripeRefunds.MapRefund,
        StripeEventTypes.ChargeDisputeCreated => StripeRefunds.MapDispute,
        _ => null,
    };
}

internal static class StripeEventTypes
{
    public const string CheckoutSessionCompleted = "checkout.session.completed";
    public const string CheckoutSessionAsyncPaymentSucceeded = "checkout.session.async_payment_succeeded";
    public const string InvoicePaid = "invoice.paid";
    public const string InvoicePaymentSucceeded = "invoice.payment_succeeded";
    public const string ChargeRefunded = "charge.refunded";
    public const string RefundCreated = "refund.created";
    public const string RefundUpdated = "refund.updated";
    public const string RefundFailed = "refund.failed";
    public const string ChargeDisputeCreated = "charge.dispute.created";
}

/// <summary>The event being mapped: its id, type and time, and the resource in <c>data.object</c>.</summary>
internal sealed record StripeEvent(string Id, string Type, DateTimeOffset OccurredAt, JsonElement Object)
{
    public MappingResult Ignore(string reason) => MappingResult.Of(PaymentEvent.Ignore(Id, reason, OccurredAt));

    public MappingResult Missing(string field) => MappingResult.Fail($"{Type}: data.object.{field} is missing");
}

internal static class StripeJson
{
    /// <summary>The id of a related object, whether it is sent as an id string or expanded into an object.</summary>
    public static string? IdOf(this JsonElement element, params string[] path) =>
        element.At(path) is { ValueKind: JsonValueKind.Object } expanded ? expanded.Str("id") : element.Str(path);

    /// <summary>The ids that are present and differ from the payment id, each once.</summary>
    public static IReadOnlyList<string> Aliases(string paymentId, params string?[] candidates) =>
        candidates.OfType<string>().Where(alias => alias != paymentId).Distinct().ToList();

    public static string? ClickId(JsonElement? metadata) =>
        metadata?.Str("affonso_referral") ?? metadata?.Str("click_id");

    public static string? ExternalUserId(JsonElement? metadata) =>
        metadata?.Str("userId") ?? metadata?.Str("external_user_id");
}
