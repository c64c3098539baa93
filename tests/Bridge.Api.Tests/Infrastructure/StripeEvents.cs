namespace Bridge.Api.Tests.Infrastructure;

/// <summary>
/// Builds Stripe event bodies shaped like the captured fixtures (fixtures/stripe), with the ids and amounts a test
/// needs. Invoices use the pre-basil API version by default, where an invoice names its PaymentIntent and charge, so
/// refunds of a renewal link to it by id.
/// </summary>
public static class StripeEvents
{
    public static string SubscriptionCheckout(string eventId, string sessionId, string invoiceId, string subscriptionId, string customerId, long amount,
        string currency, string? clickId, long created, string? clientReferenceId = null) =>
        Envelope(eventId, "checkout.session.completed", created, new JsonObject
        {
            ["id"] = sessionId,
            ["object"] = "checkout.session",
            ["mode"] = "subscription",
            ["status"] = "complete",
            ["payment_status"] = "paid",
            ["amount_subtotal"] = amount,
            ["amount_total"] = amount,
            ["currency"] = currency,
            ["customer"] = customerId,
            ["customer_details"] = new JsonObject { ["email"] = "customer@example.com" },
            ["client_reference_id"] = clientReferenceId,
            ["invoice"] = invoiceId,
            ["subscription"] = subscriptionId,
            ["payment_intent"] = null,
            ["livemode"] = false,
            ["metadata"] = clickId is null ? new JsonObject() : new JsonObject { ["affonso_referral"] = clickId },
        });

    public static string OneTimeCheckout(string eventId, string sessionId, string paymentIntentId, string customerId, long amount, string currency, string? clickId, long created) =>
        Envelope(eventId, "checkout.session.completed", created, new JsonObject
        {
            ["id"] = sessionId,
            ["object"] = "checkout.session",
            ["mode"] = "payment",
            ["status"] = "complete",
            ["payment_status"] = "paid",
            ["amount_subtotal"] = amount,
            ["amount_total"] = amount,
            ["currency"] = currency,
            ["customer"] = customerId,
            ["payment_intent"] = paymentIntentId,
            ["invoice"] = null,
            ["subscription"] = null,
            ["livemode"] = false,
            ["metadata"] = clickId is null ? new JsonObject() : new JsonObject { ["affonso_referral"] = clickId },
        });

    public static string InvoicePaid(string eventId, string invoiceId, string billingReason, string subscriptionId, string customerId, long amount, string currency,
        long created, string? paymentIntentId = null, string? chargeId = null, string? clickId = null) =>
        Envelope(eventId, "invoice.paid", created, new JsonObject
        {
            ["id"] = invoiceId,
            ["object"] = "invoice",
            ["status"] = "paid",
            ["billing_reason"] = billingReason,
            ["amount_due"] = amount,
            ["amount_paid"] = amount,
            ["subtotal"] = amount,
            ["total"] = amount,
            ["currency"] = currency,
            ["customer"] = customerId,
            ["subscription"] = subscriptionId,
            ["subscription_details"] = new JsonObject { ["metadata"] = clickId is null ? new JsonObject() : new JsonObject { ["affonso_referral"] = clickId } },
            ["payment_intent"] = paymentIntentId,
            ["charge"] = chargeId,
            ["livemode"] = false,
        }, apiVersion: "2024-06-20");

    public static string ChargeRefunded(string eventId, string chargeId, string paymentIntentId, string customerId, long amount, long amountRefunded, string currency, long created) =>
        Envelope(eventId, "charge.refunded", created, new JsonObject
        {
            ["id"] = chargeId,
            ["object"] = "charge",
            ["amount"] = amount,
            ["amount_captured"] = amount,
            ["amount_refunded"] = amountRefunded,
            ["refunded"] = amountRefunded >= amount,
            ["currency"] = currency,
            ["customer"] = customerId,
            ["payment_intent"] = paymentIntentId,
            ["status"] = "succeeded",
            ["livemode"] = false,
        });

    public static string RefundCreated(string eventId, string refundId, string chargeId, string paymentIntentId, long amount, string currency, long created, string status = "succeeded") =>
        Envelope(eventId, "refund.created", created, new JsonObject
        {
            ["id"] = refundId,
            ["object"] = "refund",
            ["amount"] = amount,
            ["charge"] = chargeId,
            ["payment_intent"] = paymentIntentId,
            ["currency"] = currency,
            ["status"] = status,
        });

    public static string DisputeCreated(string eventId, string disputeId, string chargeId, string paymentIntentId, long amount, string currency, long created) =>
        Envelope(eventId, "charge.dispute.created", created, new JsonObject
        {
            ["id"] = disputeId,
            ["object"] = "dispute",
            ["amount"] = amount,
            ["charge"] = chargeId,
            ["payment_intent"] = paymentIntentId,
            ["currency"] = currency,
            ["reason"] = "fraudulent",
            ["status"] = "needs_response",
            ["livemode"] = false,
        });

    public static string Unrelated(string eventId, long created) =>
        Envelope(eventId, "customer.created", created, new JsonObject { ["id"] = "cus_unrelated", ["object"] = "customer" });

    private static string Envelope(string eventId, string type, long created, JsonObject dataObject, string apiVersion = "2025-08-27.basil", bool livemode = false) =>
        new JsonObject
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["api_version"] = apiVersion,
            ["created"] = created,
            ["data"] = new JsonObject { ["object"] = dataObject },
            ["livemode"] = livemode,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
        }.ToJsonString();
}
