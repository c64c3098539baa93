using Bridge.Providers.Json;

namespace Bridge.Providers.Polar;

/// <summary>
/// Reads Polar's <c>{"type", "timestamp", "data"}</c> envelope: <c>data</c> is an Order for <c>order.*</c> events and a
/// Refund for <c>refund.*</c> events. Amounts are integer minor units; Polar's <c>amount</c>/<c>refunded_amount</c> are
/// before tax, with the tax in a sibling <c>tax_amount</c>/<c>refunded_tax_amount</c>.
/// </summary>
internal static class PolarPayloads
{
    private const string SucceededRefund = "succeeded";

    public static MappingResult Map(VerifiedWebhook webhook)
    {
        var payload = webhook.Payload;
        var eventId = webhook.EventId;
        var eventType = webhook.EventType;
        var data = payload.At("data");
        var occurredAt = OccurredAt(payload, data);

        if (eventType.Length == 0)
            return MappingResult.Fail("the Polar event has no type");

        return eventType switch
        {
            "order.paid" => WithData(eventType, data, order => PaidOrder(eventId, order, occurredAt)),
            "order.refunded" => WithData(eventType, data, order => RefundedOrder(eventId, order, occurredAt)),
            "refund.created" or "refund.updated" => WithData(eventType, data, refund => Refund(eventId, eventType, refund, occurredAt)),
            "order.created" => Ignored(eventId,
                "order.created announces an order that may still be unpaid; the payment is counted once, on order.paid", occurredAt),
            "order.updated" => Ignored(eventId,
                "order.updated repeats an order's state; payments are counted on order.paid, refunds on refund.* and order.refunded", occurredAt),
            _ => Ignored(eventId, $"Polar event '{eventType}' is not a payment", occurredAt),
        };
    }

    private static MappingResult PaidOrder(string eventId, JsonElement order, DateTimeOffset occurredAt)
    {
        var billingReason = order.Str("billing_reason");
        if (KindOf(billingReason) is not { } kind)
            return MappingResult.Fail(billingReason is null
                ? "order.paid lacks data.billing_reason"
                : $"order.paid has an unknown data.billing_reason '{billingReason}'");

        var orderId = order.Str("id");
        var total = order.Long("total_amount");
        var currency = order.Currency("currency");
        if (orderId is null || total is null || currency is null)
            return Missing("order.paid", ("id", orderId), ("total_amount", total), ("currency", currency));

        return MappingResult.Of(new PaymentEvent
        {
            Kind = kind,
            ProviderEventId = eventId,
            ProviderPaymentId = orderId,
            AmountMinor = total.Value,
            SubtotalMinor = order.Long("net_amount"),
            Currency = currency,
            CustomerId = CustomerIdOf(order),
            SubscriptionId = order.Str("subscription_id"),
            CheckoutReference = order.Str("checkout_id"),
            Attribution = AttributionOf(order),
            OccurredAt = occurredAt,
        });
    }

    /// <summary>
    /// The order's kind by why it was billed. A plan change (<c>subscription_update</c>) charges a customer who already
    /// converted: recurring revenue like a cycle, not a new conversion.
    /// </summary>
    private static PaymentKind? KindOf(string? billingReason) => billingReason switch
    {
        "purchase" or "subscription_create" => PaymentKind.Initial,
        "subscription_cycle" or "subscription_update" => PaymentKind.Renewal,
        _ => null,
    };

    /// <summary>A refund told by itself: what this refund returned, tax included like the order's <c>total_amount</c>.</summary>
    private static MappingResult Refund(string eventId, string eventType, JsonElement refund, DateTimeOffset occurredAt)
    {
        var status = refund.Str("status");
        if (status is null)
            return MappingResult.Fail($"{eventType} lacks data.status");
        if (status != SucceededRefund)
            return Ignored(eventId, $"the refund is {status}, not succeeded: no money has been returned", occurredAt);

        var refundId = refund.Str("id");
        var orderId = refund.Str("order_id");
        var amount = refund.Long("amount");
        var tax = refund.Long("tax_amount");
        var currency = refund.Currency("currency");
        if (refundId is null || orderId is null || amount is null || tax is null || currency is null)
            return Missing(eventType, ("id", refundId), ("order_id", orderId), ("amount", amount), ("tax_amount", tax), ("currency", currency));
        if (amount.Value > long.MaxValue - tax.Value)
            return MappingResult.Fail($"{eventType}: data.amount + data.tax_amount is out of range");

        return MappingResult.Of(new PaymentEvent
        {
            Kind = PaymentKind.Refund,
            ProviderEventId = eventId,
            ProviderPaymentId = orderId,
            RefundId = refundId,
            AmountMinor = amount.Value + tax.Value,
            SubtotalMinor = amount.Value,
            Currency = currency,
            CustomerId = refund.Str("customer_id"),
            SubscriptionId = refund.Str("subscription_id"),
            Attribution = AttributionOf(refund),
            OccurredAt = occurredAt,
        });
    }

    /// <summary>The order's running refunded total (tax included); the engine takes the delta.</summary>
    private static MappingResult RefundedOrder(string eventId, JsonElement order, DateTimeOffset occurredAt)
    {
        var orderId = order.Str("id");
        var refunded = order.Long("refunded_amount");
        var refundedTax = order.Long("refunded_tax_amount");
        var currency = order.Currency("currency");
        if (orderId is null || refunded is null || refundedTax is null || currency is null)
            return Missing("order.refunded", ("id", orderId), ("refunded_amount", refunded), ("refunded_tax_amount", refundedTax), ("currency", currency));
        if (refunded.Value > long.MaxValue - refundedTax.Value)
            return MappingResult.Fail("order.refunded: data.refunded_amount + data.refunded_tax_amount is out of range");

        return MappingResult.Of(new PaymentEvent
        {
            Kind = PaymentKind.Refund,
            ProviderEventId = eventId,
            ProviderPaymentId = orderId,
            CumulativeRefundedMinor = refunded.Value + refundedTax.Value,
            Currency = currency,
            CustomerId = CustomerIdOf(order),
            SubscriptionId = order.Str("subscription_id"),
            Attribution = AttributionOf(order),
            OccurredAt = occurredAt,
        });
    }

    private static string? CustomerIdOf(JsonElement order) => order.Str("customer_id") ?? order.Str("customer", "id");

    /// <summary>Checkout metadata is copied onto the order; metadata values may be strings, numbers or booleans.</summary>
    private static AttributionHints AttributionOf(JsonElement data) => new(
        ClickId: data.Str("metadata", "affonso_referral") ?? data.Str("metadata", "click_id"),
        ExternalUserId: data.Str("metadata", "userId") ?? data.Str("metadata", "external_user_id") ?? data.Str("customer", "external_id"),
        Email: data.Str("customer", "email"));

    /// <summary>The envelope's <c>timestamp</c>; the object's own times only if a payload ever lacks it.</summary>
    private static DateTimeOffset OccurredAt(JsonElement payload, JsonElement? data) =>
        payload.Time("timestamp") ?? data?.Time("modified_at") ?? data?.Time("created_at") ?? default;

    private static MappingResult WithData(string eventType, JsonElement? data, Func<JsonElement, MappingResult> map) =>
        data is { ValueKind: JsonValueKind.Object } body ? map(body) : MappingResult.Fail($"{eventType} has no data object");

    private static MappingResult Ignored(string eventId, string reason, DateTimeOffset occurredAt) =>
        MappingResult.Of(PaymentEvent.Ignore(eventId, reason, occurredAt));

    private static MappingResult Missing(string eventType, params (string Field, object? Value)[] fields) =>
        MappingResult.Fail($"{eventType} lacks " + string.Join(", ", fields.Where(field => field.Value is null).Select(field => "data." + field.Field)));
}
