using Bridge.Providers.Json;

namespace Bridge.Providers.Paddle;

/// <summary>
/// <c>adjustment.created</c> and <c>adjustment.updated</c>. An adjustment never changes its transaction; it points at it
/// with <c>transaction_id</c>, which becomes the <see cref="PaymentEvent.ProviderPaymentId"/>. The adjustment id is the
/// <see cref="PaymentEvent.RefundId"/>, so an adjustment reported approved on both <c>.created</c> and <c>.updated</c>
/// counts once. Adjustments carry no <c>custom_data</c>: attribution comes from the transaction they point at.
/// </summary>
internal static class PaddleAdjustments
{
    private const string Approved = "approved";

    public static MappingResult Map(PaddleEnvelope envelope, JsonElement adjustment)
    {
        var action = adjustment.Str("action");
        var status = adjustment.Str("status");
        return action switch
        {
            "refund" when status == Approved => MoneyReturned(envelope, adjustment, PaymentKind.Refund),
            "refund" => MappingResult.Of(envelope.Ignore($"refund is {status ?? "without status"}, not approved")),
            // Paddle creates chargeback adjustments itself when a customer disputes a charge; no approval step.
            "chargeback" when status == Approved => MoneyReturned(envelope, adjustment, PaymentKind.Dispute),
            "chargeback" => MappingResult.Of(envelope.Ignore($"chargeback is {status ?? "without status"}, not approved")),
            _ => MappingResult.Of(envelope.Ignore(WhyNotCounted(action))),
        };
    }

    private static string WhyNotCounted(string? action) => action switch
    {
        null => "adjustment has no action",
        "credit" => "credit adjustment: reduces an invoice or adds to the customer's balance, no money returned",
        "credit_reverse" => "credit reversal: no money moved",
        "chargeback_warning" or "chargeback_warning_reverse" => $"{action}: an early dispute warning, no money moved",
        "chargeback_reverse" => "chargeback reversed in the merchant's favour; the bridge has no kind that undoes a dispute",
        _ => $"adjustment action '{action}' is not one the bridge counts",
    };

    private static MappingResult MoneyReturned(PaddleEnvelope envelope, JsonElement adjustment, PaymentKind kind)
    {
        var adjustmentId = adjustment.Str("id");
        if (adjustmentId is null)
            return MappingResult.Fail($"{envelope.EventType} has no adjustment id (data.id)");
        var transactionId = adjustment.Str("transaction_id");
        if (transactionId is null)
            return MappingResult.Fail($"adjustment {adjustmentId} has no transaction_id");
        var totals = adjustment.At("totals");
        var total = totals?.Long("total");
        if (total is null)
            return MappingResult.Fail($"adjustment {adjustmentId} has no totals.total");
        var currency = totals?.Currency("currency_code") ?? adjustment.Currency("currency_code");
        if (currency is null)
            return MappingResult.Fail($"adjustment {adjustmentId} has no currency_code");

        return MappingResult.Of(new PaymentEvent
        {
            Kind = kind,
            ProviderEventId = envelope.EventId,
            ProviderPaymentId = transactionId,
            RefundId = adjustmentId,
            AmountMinor = total.Value,
            SubtotalMinor = totals!.Value.Long("subtotal"),
            Currency = currency,
            CustomerId = adjustment.Str("customer_id"),
            SubscriptionId = adjustment.Str("subscription_id"),
            OccurredAt = envelope.OccurredAt,
        });
    }
}
