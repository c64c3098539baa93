using Bridge.Providers.Json;

namespace Bridge.Providers.Paddle;

/// <summary>
/// <c>transaction.completed</c> and <c>transaction.paid</c>. Both report the same transaction, so both produce the
/// same <see cref="PaymentEvent.ProviderPaymentId"/> (the <c>txn_…</c> id) and the engine counts it once. Note that
/// <c>transaction.paid</c> for a first subscription checkout has <c>subscription_id: null</c> (the subscription is
/// created afterwards); <c>transaction.completed</c> for the same transaction carries it.
/// </summary>
internal static class PaddleTransactions
{
    private const string PaymentMethodChange = "subscription_payment_method_change";

    /// <summary>
    /// <c>data.origin</c> → kind. <c>web</c> (Paddle.js checkout) and <c>api</c> (API-created transaction or invoice) are
    /// new purchases. The <c>subscription_*</c> origins are all created by Paddle against an existing subscription:
    /// the scheduled renewal, a one-off charge, and a proration after a plan or quantity change; all three are
    /// recurring revenue from an already-converted customer, so Renewal. A method change bills nothing.
    /// </summary>
    private static PaymentKind? KindOf(string origin) => origin switch
    {
        "web" or "api" => PaymentKind.Initial,
        "subscription_recurring" or "subscription_charge" or "subscription_update" => PaymentKind.Renewal,
        _ => null,
    };

    public static MappingResult Map(PaddleEnvelope envelope, JsonElement transaction)
    {
        var transactionId = transaction.Str("id");
        if (transactionId is null)
            return MappingResult.Fail($"{envelope.EventType} has no transaction id (data.id)");
        var origin = transaction.Str("origin");
        if (origin is null)
            return MappingResult.Fail($"transaction {transactionId} has no origin");
        if (origin == PaymentMethodChange)
            return MappingResult.Of(envelope.Ignore("zero-amount transaction for a subscription payment method change"));
        if (KindOf(origin) is not { } kind)
            return MappingResult.Of(envelope.Ignore($"transaction origin '{origin}' is not one the bridge counts"));

        var totals = transaction.At("details", "totals");
        var grandTotal = totals?.Long("grand_total");
        if (grandTotal is null)
            return MappingResult.Fail($"transaction {transactionId} has no details.totals.grand_total");
        var currency = transaction.Currency("currency_code") ?? totals?.Currency("currency_code");
        if (currency is null)
            return MappingResult.Fail($"transaction {transactionId} has no currency_code");

        return MappingResult.Of(new PaymentEvent
        {
            Kind = kind,
            ProviderEventId = envelope.EventId,
            ProviderPaymentId = transactionId,
            AmountMinor = grandTotal.Value,
            SubtotalMinor = PreTaxAmount(totals!.Value),
            Currency = currency,
            CustomerId = transaction.Str("customer_id"),
            SubscriptionId = transaction.Str("subscription_id"),
            Attribution = AttributionOf(transaction),
            OccurredAt = envelope.OccurredAt,
        });
    }

    /// <summary>
    /// <c>subtotal</c> is the item price before discount and tax (total = subtotal − discount + tax), so the pre-tax
    /// amount the customer actually paid is <c>subtotal − discount</c>.
    /// </summary>
    private static long? PreTaxAmount(JsonElement totals) =>
        totals.Long("subtotal") is { } subtotal && (totals.Long("discount") ?? 0) is var discount && discount <= subtotal ? subtotal - discount : null;

    /// <summary>
    /// Attribution lives only in the transaction's own <c>custom_data</c> (copied from and to the subscription by
    /// Paddle); product and price <c>custom_data</c> are catalogue data and are never read.
    /// </summary>
    private static AttributionHints AttributionOf(JsonElement transaction)
    {
        if (transaction.At("custom_data") is not { ValueKind: JsonValueKind.Object } customData)
            return AttributionHints.None;
        return new AttributionHints(
            ClickId: customData.Str("affonso_referral") ?? customData.Str("click_id"),
            ExternalUserId: customData.Str("userId") ?? customData.Str("external_user_id"));
    }
}
