using Bridge.Providers.Json;

namespace Bridge.Providers.Dodo;

/// <summary>Reads Dodo's <c>data</c> objects (Payment, Refund, Dispute) into normalized payment events.</summary>
internal static class DodoPayloads
{
    /// <summary>The envelope's <c>timestamp</c> is the event's own time; the object's <c>created_at</c> is the fallback.</summary>
    public static DateTimeOffset OccurredAt(JsonElement payload) =>
        payload.Time("timestamp") ?? payload.Time("data", "created_at") ?? default;

    /// <summary>
    /// A succeeded payment. Without a subscription it is a one-time purchase (<see cref="PaymentKind.Initial"/>);
    /// with one it is a <see cref="PaymentKind.SubscriptionPayment"/> the engine classifies from state.
    /// </summary>
    public static MappingResult Payment(string eventId, JsonElement data, DateTimeOffset occurredAt)
    {
        var paymentId = data.Str("payment_id");
        var total = data.Long("total_amount");
        var currency = data.Currency("currency");
        if (paymentId is null)
            return MappingResult.Fail("payment.succeeded has no payment_id");
        if (total is not { } totalAmount || totalAmount < 0)
            return MappingResult.Fail($"payment {paymentId} has no valid total_amount");
        if (currency is null)
            return MappingResult.Fail($"payment {paymentId} has no currency");

        var subscriptionId = SubscriptionIdOf(data);
        return MappingResult.Of(new PaymentEvent
        {
            Kind = subscriptionId is null ? PaymentKind.Initial : PaymentKind.SubscriptionPayment,
            ProviderEventId = eventId,
            ProviderPaymentId = paymentId,
            AmountMinor = totalAmount,
            SubtotalMinor = (data.Long("tax") ?? 0) is var tax && tax <= totalAmount ? totalAmount - tax : null,
            Currency = currency,
            CustomerId = data.Str("customer", "customer_id"),
            SubscriptionId = subscriptionId,
            CheckoutReference = data.Str("checkout_session_id"),
            Attribution = AttributionOf(data),
            OccurredAt = occurredAt,
        });
    }

    /// <summary>
    /// A succeeded refund: <c>amount</c> is what this refund returned. Dodo allows a null amount; the bridge cannot
    /// claw back an unknown sum (not even for a full refund, whose total it would have to look up), so that fails loudly.
    /// </summary>
    public static MappingResult Refund(string eventId, JsonElement data, DateTimeOffset occurredAt)
    {
        var refundId = data.Str("refund_id");
        var paymentId = data.Str("payment_id");
        var amount = data.Long("amount");
        var currency = data.Currency("currency");
        if (refundId is null)
            return MappingResult.Fail("refund.succeeded has no refund_id");
        if (paymentId is null)
            return MappingResult.Fail($"refund {refundId} has no payment_id");
        if (amount is not { } refunded || refunded < 0)
            return MappingResult.Fail(MissingRefundAmount(refundId, data.Bool("is_partial")));
        if (currency is null)
            return MappingResult.Fail($"refund {refundId} has no currency");

        return MappingResult.Of(new PaymentEvent
        {
            Kind = PaymentKind.Refund,
            ProviderEventId = eventId,
            ProviderPaymentId = paymentId,
            RefundId = refundId,
            AmountMinor = refunded,
            Currency = currency,
            CustomerId = data.Str("customer", "customer_id"),
            OccurredAt = occurredAt,
        });
    }

    /// <summary>An opened dispute; Dodo sends its <c>amount</c> as a string of minor units.</summary>
    public static MappingResult Dispute(string eventId, JsonElement data, DateTimeOffset occurredAt)
    {
        var disputeId = data.Str("dispute_id") ?? "(no dispute_id)";
        var paymentId = data.Str("payment_id");
        var amount = data.Long("amount");
        var currency = data.Currency("currency");
        if (paymentId is null)
            return MappingResult.Fail($"dispute {disputeId} has no payment_id");
        if (amount is not { } disputed || disputed < 0)
            return MappingResult.Fail($"dispute {disputeId} has no amount in minor units (got {data.Str("amount") ?? "null"})");
        if (currency is null)
            return MappingResult.Fail($"dispute {disputeId} has no currency");

        return MappingResult.Of(new PaymentEvent
        {
            Kind = PaymentKind.Dispute,
            ProviderEventId = eventId,
            ProviderPaymentId = paymentId,
            AmountMinor = disputed,
            Currency = currency,
            CustomerId = data.Str("customer", "customer_id"),
            OccurredAt = occurredAt,
        });
    }

    /// <summary>
    /// <c>subscription_id</c>, or for a payment that covers several subscriptions (<c>subscription_id</c> null,
    /// <c>subscription_ids</c> listed) the ordinal-lowest of them, so every charge of the same bundle names the same
    /// subscription whatever order Dodo lists them in.
    /// </summary>
    public static string? SubscriptionIdOf(JsonElement data) =>
        data.Str("subscription_id") ?? BundleSubscriptionId(data);

    private static string? BundleSubscriptionId(JsonElement data)
    {
        if (data.At("subscription_ids") is not { ValueKind: JsonValueKind.Array } ids)
            return null;
        return ids.EnumerateArray()
            .Where(id => id.ValueKind == JsonValueKind.String)
            .Select(id => id.Str())
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static AttributionHints AttributionOf(JsonElement data) => new(
        ClickId: data.Str("metadata", "affonso_referral") ?? data.Str("metadata", "click_id"),
        ExternalUserId: data.Str("metadata", "userId") ?? data.Str("metadata", "external_user_id"),
        Email: data.Str("customer", "email"));

    private static string MissingRefundAmount(string refundId, bool? isPartial) => isPartial switch
    {
        false => $"refund {refundId} is a full refund without an amount; the refunded sum is unknown",
        _ => $"refund {refundId} has no amount",
    };
}
