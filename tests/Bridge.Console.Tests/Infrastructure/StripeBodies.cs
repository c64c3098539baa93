namespace Bridge.Console.Tests.Infrastructure;

/// <summary>Stripe event bodies shaped like the captured fixtures (a trimmed copy of the API tests' <c>StripeEvents</c>).</summary>
public static class StripeBodies
{
    public static string SubscriptionCheckout(string eventId, string subscriptionId, string customerId, long amount, string clickId) =>
        Envelope(eventId, "checkout.session.completed", DateTimeOffset.UtcNow.AddDays(-30), new JsonObject
        {
            ["id"] = "cs_" + subscriptionId,
            ["object"] = "checkout.session",
            ["mode"] = "subscription",
            ["status"] = "complete",
            ["payment_status"] = "paid",
            ["amount_subtotal"] = amount,
            ["amount_total"] = amount,
            ["currency"] = "usd",
            ["customer"] = customerId,
            ["customer_details"] = new JsonObject { ["email"] = "customer@example.com" },
            ["invoice"] = "in_first_" + subscriptionId,
            ["subscription"] = subscriptionId,
            ["payment_intent"] = null,
            ["livemode"] = false,
            ["metadata"] = new JsonObject { ["affonso_referral"] = clickId },
        });

    public static string RenewalPaid(string eventId, string invoiceId, string subscriptionId, string customerId, long amount) =>
        Envelope(eventId, "invoice.paid", DateTimeOffset.UtcNow, new JsonObject
        {
            ["id"] = invoiceId,
            ["object"] = "invoice",
            ["status"] = "paid",
            ["billing_reason"] = "subscription_cycle",
            ["amount_due"] = amount,
            ["amount_paid"] = amount,
            ["subtotal"] = amount,
            ["total"] = amount,
            ["currency"] = "usd",
            ["customer"] = customerId,
            ["subscription"] = subscriptionId,
            ["subscription_details"] = new JsonObject { ["metadata"] = new JsonObject() },
            ["livemode"] = false,
        }, apiVersion: "2024-06-20");

    /// <summary>An event type the bridge does not act on (stored as ignored); <paramref name="note"/> lands in the payload as is.</summary>
    public static string CustomerCreated(string eventId, string note) =>
        Envelope(eventId, "customer.created", DateTimeOffset.UtcNow, new JsonObject { ["id"] = "cus_" + eventId, ["object"] = "customer", ["description"] = note });

    private static string Envelope(string eventId, string type, DateTimeOffset created, JsonObject dataObject, string apiVersion = "2025-08-27.basil") =>
        new JsonObject
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["api_version"] = apiVersion,
            ["created"] = created.ToUnixTimeSeconds(),
            ["data"] = new JsonObject { ["object"] = dataObject },
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = type,
        }.ToJsonString();
}
