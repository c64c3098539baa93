using Bridge.Providers.Json;

namespace Bridge.Providers.Stripe;

/// <summary>
/// <c>checkout.session.completed</c> and <c>checkout.session.async_payment_succeeded</c>: the first payment, keyed by the
/// PaymentIntent (mode <c>payment</c>) or by the subscription's first invoice (mode <c>subscription</c>, the same key the
/// invoice's own <c>invoice.paid</c> gives, so the engine counts it once).
/// </summary>
internal static class StripeCheckoutSessions
{
    public static MappingResult Map(StripeEvent stripeEvent)
    {
        var session = stripeEvent.Object;
        var sessionId = session.Str("id");
        var mode = session.Str("mode");
        var paymentStatus = session.Str("payment_status");

        if (NotAPaymentReason(stripeEvent.Type, mode, paymentStatus) is { } reason)
            return stripeEvent.Ignore($"checkout session {sessionId}: {reason}");

        var paymentIdField = mode == "subscription" ? "invoice" : "payment_intent";
        if (session.IdOf(paymentIdField) is not { } paymentId)
            return stripeEvent.Missing(paymentIdField);
        if (session.Long("amount_total") is not { } amountTotal)
            return stripeEvent.Missing("amount_total");
        if (session.Currency("currency") is not { } currency)
            return stripeEvent.Missing("currency");

        return MappingResult.Of(new PaymentEvent
        {
            Kind = PaymentKind.Initial,
            ProviderEventId = stripeEvent.Id,
            ProviderPaymentId = paymentId,
            PaymentAliases = StripeJson.Aliases(paymentId, sessionId),
            AmountMinor = amountTotal,
            SubtotalMinor = session.Long("amount_subtotal"),
            Currency = currency,
            CustomerId = session.IdOf("customer"),
            SubscriptionId = session.IdOf("subscription"),
            CheckoutReference = sessionId,
            Attribution = Attribution(session),
            OccurredAt = stripeEvent.OccurredAt,
        });
    }

    private static string? NotAPaymentReason(string eventType, string? mode, string? paymentStatus)
    {
        if (mode is not ("payment" or "subscription"))
            return mode == "setup" ? "setup mode collects no payment" : $"mode '{mode}' is not a payment";
        if (paymentStatus == "no_payment_required")
            return "no payment was required (free trial or full discount)";
        if (eventType == StripeEventTypes.CheckoutSessionAsyncPaymentSucceeded || paymentStatus == "paid")
            return null;
        return paymentStatus == "unpaid"
            ? "unpaid (delayed payment method); it is counted on checkout.session.async_payment_succeeded"
            : $"payment_status '{paymentStatus}' is not paid";
    }

    /// <summary>
    /// <c>client_reference_id</c> is the click id when metadata names none, and the external user id when metadata names
    /// none; when it is the only hint it is both, so the engine can try it as a click id and then as a user id.
    /// </summary>
    private static AttributionHints Attribution(JsonElement session)
    {
        var metadata = session.At("metadata");
        var clientReferenceId = session.Str("client_reference_id");
        return new AttributionHints(
            ClickId: StripeJson.ClickId(metadata) ?? clientReferenceId,
            ExternalUserId: StripeJson.ExternalUserId(metadata) ?? clientReferenceId,
            Email: session.Str("customer_details", "email") ?? session.Str("customer_email"));
    }
}
