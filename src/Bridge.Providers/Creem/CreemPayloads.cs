using Bridge.Providers.Json;

namespace Bridge.Providers.Creem;

/// <summary>
/// Maps a verified Creem event (<c>{id, eventType, created_at, object}</c>) to normalized payment events. Every
/// payment is named by its Creem transaction id (<c>tran_...</c>); order and checkout ids are its aliases.
/// </summary>
internal static class CreemPayloads
{
    private sealed record CreemEvent(string Id, string Type, DateTimeOffset OccurredAt, JsonElement Subject)
    {
        public MappingResult Ignore(string reason) => MappingResult.Of(PaymentEvent.Ignore(Id, reason, OccurredAt));

        public MappingResult Fail(string problem) => MappingResult.Fail($"{Type}: {problem}");
    }

    public static MappingResult Map(JsonElement payload, string eventId, string eventType)
    {
        JsonElement? envelope = payload;
        var subject = envelope.ObjectAt("object");
        var occurredAt = envelope.Instant("created_at") ?? subject.Instant("created_at") ?? default;
        if (subject is null)
        {
            return IsHandled(eventType)
                ? MappingResult.Fail($"{eventType}: the event has no object")
                : MappingResult.Of(PaymentEvent.Ignore(eventId, NotAPaymentReason(eventType), occurredAt));
        }

        var creemEvent = new CreemEvent(eventId, eventType, occurredAt, subject.Value);
        return eventType switch
        {
            "checkout.completed" => CompletedCheckout(creemEvent),
            "subscription.paid" => PaidSubscription(creemEvent),
            "refund.created" => CreatedRefund(creemEvent),
            "dispute.created" => CreatedDispute(creemEvent),
            _ => creemEvent.Ignore(NotAPaymentReason(eventType)),
        };
    }

    private static bool IsHandled(string eventType) =>
        eventType is "checkout.completed" or "subscription.paid" or "refund.created" or "dispute.created";

    private static string NotAPaymentReason(string eventType) =>
        eventType.Length == 0 ? "the event has no eventType" : $"Creem event '{eventType}' is not a payment";

    /// <summary>A one-time purchase, or the first payment of a subscription when the checkout carries one.</summary>
    private static MappingResult CompletedCheckout(CreemEvent creemEvent)
    {
        JsonElement? checkout = creemEvent.Subject;
        var order = checkout.ObjectAt("order");
        if (order is null)
            return creemEvent.Fail("the checkout has no order");
        if (order.Value.Str("status") == "pending")
            return creemEvent.Ignore("the checkout's order is not paid yet (status 'pending')");

        var amount = order.Value.Long("amount_paid") ?? order.Value.Long("amount");
        if (amount is null)
            return creemEvent.Fail("the order has neither amount_paid nor amount");
        var currency = order.Value.Currency("currency") ?? checkout.Value.Currency("product", "currency");
        if (currency is null)
            return creemEvent.Fail("the order has no currency");

        var orderId = order.Value.Str("id");
        var checkoutId = checkout.Value.Str("id");
        var paymentId = order.IdOf("transaction") ?? orderId;
        if (paymentId is null)
            return creemEvent.Fail("the order names neither a transaction nor itself");

        var subscription = checkout.ObjectAt("subscription");
        var customer = checkout.ObjectAt("customer");
        return MappingResult.Of(new PaymentEvent
        {
            Kind = PaymentKind.Initial,
            ProviderEventId = creemEvent.Id,
            ProviderPaymentId = paymentId,
            PaymentAliases = Aliases(paymentId, orderId, checkoutId),
            AmountMinor = amount.Value,
            SubtotalMinor = Subtotal(amount.Value, order.Value.Long("tax_amount")),
            Currency = currency,
            CustomerId = checkout.IdOf("customer") ?? order.IdOf("customer"),
            SubscriptionId = checkout.IdOf("subscription"),
            CheckoutReference = checkoutId,
            Attribution = Attribution([checkout.ObjectAt("metadata"), subscription.ObjectAt("metadata")], customer, checkout.Value.Str("request_id")),
            OccurredAt = creemEvent.OccurredAt,
        });
    }

    /// <summary>
    /// A subscription payment, named by <c>last_transaction_id</c>. When Creem also reports the first period's
    /// payment this way, the id equals the checkout's <c>order.transaction</c> and the engine counts it once.
    /// </summary>
    private static MappingResult PaidSubscription(CreemEvent creemEvent)
    {
        JsonElement? subscription = creemEvent.Subject;
        var transaction = subscription.ObjectAt("last_transaction");
        var paymentId = subscription.Value.Str("last_transaction_id") ?? transaction?.Str("id");
        if (paymentId is null)
            return creemEvent.Fail("the subscription has no last_transaction_id");

        var amount = transaction?.Long("amount_paid") ?? transaction?.Long("amount");
        if (amount is null)
            return creemEvent.Fail("the subscription's last_transaction has neither amount_paid nor amount");
        var currency = transaction?.Currency("currency") ?? subscription.Value.Currency("product", "currency");
        if (currency is null)
            return creemEvent.Fail("the subscription's last_transaction has no currency");

        var customer = subscription.ObjectAt("customer");
        return MappingResult.Of(new PaymentEvent
        {
            Kind = PaymentKind.Renewal,
            ProviderEventId = creemEvent.Id,
            ProviderPaymentId = paymentId,
            PaymentAliases = Aliases(paymentId, transaction.IdOf("order")),
            AmountMinor = amount.Value,
            SubtotalMinor = Subtotal(amount.Value, transaction?.Long("tax_amount")),
            Currency = currency,
            CustomerId = subscription.IdOf("customer") ?? transaction.IdOf("customer"),
            SubscriptionId = subscription.Value.Str("id"),
            Attribution = Attribution([subscription.ObjectAt("metadata")], customer, requestId: null),
            OccurredAt = creemEvent.OccurredAt,
        });
    }

    /// <summary>Money returned by this refund (<c>refund_amount</c>); full or partial is for the engine to tell from amounts.</summary>
    private static MappingResult CreatedRefund(CreemEvent creemEvent)
    {
        JsonElement? refund = creemEvent.Subject;
        if (refund.Value.Str("status") is { } status && status != "succeeded")
            return creemEvent.Ignore($"the refund is not settled (status '{status}')");

        var amount = refund.Value.Long("refund_amount");
        if (amount is null)
            return creemEvent.Fail("the refund has no refund_amount");
        var currency = refund.Value.Currency("refund_currency") ?? refund.Value.Currency("transaction", "currency");
        if (currency is null)
            return creemEvent.Fail("the refund has no refund_currency");

        return LinkedToPayment(creemEvent, refund, PaymentKind.Refund, amount.Value, currency, refundId: refund.Value.Str("id"));
    }

    private static MappingResult CreatedDispute(CreemEvent creemEvent)
    {
        JsonElement? dispute = creemEvent.Subject;
        var amount = dispute.Value.Long("amount");
        if (amount is null)
            return creemEvent.Fail("the dispute has no amount");
        var currency = dispute.Value.Currency("currency") ?? dispute.Value.Currency("transaction", "currency");
        if (currency is null)
            return creemEvent.Fail("the dispute has no currency");

        return LinkedToPayment(creemEvent, dispute, PaymentKind.Dispute, amount.Value, currency, refundId: null);
    }

    /// <summary>A refund or dispute: names the disputed/refunded transaction, with its order and checkout as aliases.</summary>
    private static MappingResult LinkedToPayment(
        CreemEvent creemEvent, JsonElement? subject, PaymentKind kind, long amount, string currency, string? refundId)
    {
        var transaction = subject.ObjectAt("transaction");
        var orderId = subject.IdOf("order") ?? transaction.IdOf("order");
        var checkoutId = subject.IdOf("checkout");
        var paymentId = subject.IdOf("transaction") ?? orderId ?? checkoutId;
        if (paymentId is null)
            return creemEvent.Fail("names no transaction, order or checkout");

        var checkout = subject.ObjectAt("checkout");
        var subscription = subject.ObjectAt("subscription");
        return MappingResult.Of(new PaymentEvent
        {
            Kind = kind,
            ProviderEventId = creemEvent.Id,
            ProviderPaymentId = paymentId,
            PaymentAliases = Aliases(paymentId, orderId, checkoutId),
            RefundId = refundId,
            AmountMinor = amount,
            Currency = currency,
            CustomerId = subject.IdOf("customer") ?? transaction.IdOf("customer"),
            SubscriptionId = subject.IdOf("subscription") ?? transaction.IdOf("subscription"),
            Attribution = Attribution(
                [subject.ObjectAt("metadata"), checkout.ObjectAt("metadata"), subscription.ObjectAt("metadata")],
                subject.ObjectAt("customer"),
                checkout?.Str("request_id")),
            OccurredAt = creemEvent.OccurredAt,
        });
    }

    private static IReadOnlyList<string> Aliases(string paymentId, params string?[] ids) =>
        ids.OfType<string>().Where(id => id != paymentId).Distinct().ToList();

    private static long? Subtotal(long amount, long? tax) => tax is { } taxAmount && taxAmount <= amount ? amount - taxAmount : null;

    /// <summary>
    /// Click id from <c>metadata.affonso_referral</c> then <c>metadata.click_id</c>; external user id from
    /// <c>metadata.userId</c>, <c>metadata.external_user_id</c>, <c>customer.external_id</c>, then the checkout's
    /// <c>request_id</c>. Metadata sources are read in order (the checkout's before its subscription's).
    /// </summary>
    private static AttributionHints Attribution(JsonElement?[] metadataSources, JsonElement? customer, string? requestId)
    {
        var metadata = metadataSources.OfType<JsonElement>().ToList();
        string? FromMetadata(string key) => metadata.Select(source => source.Str(key)).FirstOrDefault(value => value is not null);

        return new AttributionHints(
            ClickId: FromMetadata("affonso_referral") ?? FromMetadata("click_id"),
            ExternalUserId: FromMetadata("userId") ?? FromMetadata("external_user_id") ?? customer?.Str("external_id") ?? requestId,
            Email: customer?.Str("email"));
    }
}
