using Bridge.Providers.Json;

namespace Bridge.Providers.Stripe;

/// <summary>
/// <c>invoice.paid</c> / <c>invoice.payment_succeeded</c>: a subscription payment keyed by the invoice id. Reads both
/// invoice shapes: <c>parent.subscription_details</c> (API 2025-03-31.basil and later) and the older top-level
/// <c>subscription</c> / <c>subscription_details</c> / <c>payment_intent</c> / <c>charge</c>.
/// </summary>
internal static class StripeInvoices
{
    public static MappingResult Map(StripeEvent stripeEvent)
    {
        var invoice = stripeEvent.Object;
        if (invoice.Str("id") is not { } invoiceId)
            return stripeEvent.Missing("id");
        if (invoice.Long("amount_paid") is not { } amountPaid)
            return stripeEvent.Missing("amount_paid");
        if (invoice.Currency("currency") is not { } currency)
            return stripeEvent.Missing("currency");

        var subscriptionDetails = invoice.At("parent", "subscription_details") ?? invoice.At("subscription_details");
        var subscriptionId = subscriptionDetails?.IdOf("subscription") ?? invoice.IdOf("subscription");
        if (subscriptionId is null)
            return stripeEvent.Ignore($"invoice {invoiceId} is not for a subscription; one-time payments are counted from their checkout session");
        if (amountPaid == 0)
            return stripeEvent.Ignore($"invoice {invoiceId} paid nothing (trial or zero-amount invoice)");

        var metadata = subscriptionDetails?.At("metadata");
        return MappingResult.Of(new PaymentEvent
        {
            Kind = KindOf(invoice.Str("billing_reason")),
            ProviderEventId = stripeEvent.Id,
            ProviderPaymentId = invoiceId,
            PaymentAliases = StripeJson.Aliases(invoiceId, PaymentIdsOf(invoice)),
            AmountMinor = amountPaid,
            SubtotalMinor = invoice.Long("subtotal"),
            Currency = currency,
            CustomerId = invoice.IdOf("customer"),
            SubscriptionId = subscriptionId,
            Attribution = new AttributionHints(
                ClickId: StripeJson.ClickId(metadata) ?? StripeJson.ClickId(invoice.At("metadata")),
                ExternalUserId: StripeJson.ExternalUserId(metadata) ?? StripeJson.ExternalUserId(invoice.At("metadata")),
                Email: invoice.Str("customer_email")),
            OccurredAt = stripeEvent.OccurredAt,
        });
    }

    /// <summary>
    /// <c>subscription_create</c> is the first payment; cycle, update and threshold invoices are later ones. Any other
    /// reason on a subscription invoice is left to the engine, which knows whether the subscription was already paid.
    /// </summary>
    private static PaymentKind KindOf(string? billingReason) => billingReason switch
    {
        "subscription_create" => PaymentKind.Initial,
        "subscription_cycle" or "subscription_update" or "subscription_threshold" or "subscription" => PaymentKind.Renewal,
        _ => PaymentKind.SubscriptionPayment,
    };

    /// <summary>
    /// The PaymentIntent and charge that paid the invoice, so that their refunds and disputes link to it: top-level on
    /// older API versions, under an expanded <c>payments</c> list on newer ones (absent unless expanded).
    /// </summary>
    private static string?[] PaymentIdsOf(JsonElement invoice)
    {
        var ids = new List<string?> { invoice.IdOf("payment_intent"), invoice.IdOf("charge") };
        if (invoice.At("payments", "data") is { ValueKind: JsonValueKind.Array } payments)
        {
            foreach (var invoicePayment in payments.EnumerateArray())
            {
                ids.Add(invoicePayment.IdOf("payment", "payment_intent"));
                ids.Add(invoicePayment.IdOf("payment", "charge"));
            }
        }
        return ids.ToArray();
    }
}
