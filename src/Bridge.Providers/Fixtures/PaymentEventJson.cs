using System.Text.Json.Nodes;

namespace Bridge.Providers.Fixtures;

/// <summary>
/// The flat snake_case form of a <see cref="PaymentEvent"/>: what fixture sidecars state, what the inbound-events API
/// shows under <c>payments</c>, and what replay <c>--expect</c> compares.
/// </summary>
public static class PaymentEventJson
{
    public static string KindName(PaymentKind kind) => kind switch
    {
        PaymentKind.Initial => "initial",
        PaymentKind.Renewal => "renewal",
        PaymentKind.SubscriptionPayment => "subscription_payment",
        PaymentKind.Refund => "refund",
        PaymentKind.Dispute => "dispute",
        _ => "ignored",
    };

    public static PaymentKind ParseKind(string name) => name switch
    {
        "initial" => PaymentKind.Initial,
        "renewal" => PaymentKind.Renewal,
        "subscription_payment" => PaymentKind.SubscriptionPayment,
        "refund" => PaymentKind.Refund,
        "dispute" => PaymentKind.Dispute,
        "ignored" => PaymentKind.Ignored,
        _ => throw new ArgumentException($"unknown payment kind '{name}'", nameof(name)),
    };

    public static JsonObject ToFlat(PaymentEvent payment) => new()
    {
        ["kind"] = KindName(payment.Kind),
        ["ignored_reason"] = payment.IgnoredReason,
        ["provider_event_id"] = payment.ProviderEventId,
        ["provider_payment_id"] = payment.ProviderPaymentId,
        ["payment_aliases"] = new JsonArray(payment.PaymentAliases.Select(alias => (JsonNode?)JsonValue.Create(alias)).ToArray()),
        ["refund_id"] = payment.RefundId,
        ["amount_minor"] = payment.AmountMinor,
        ["cumulative_refunded_minor"] = payment.CumulativeRefundedMinor,
        ["subtotal_minor"] = payment.SubtotalMinor,
        ["currency"] = payment.Currency,
        ["customer_id"] = payment.CustomerId,
        ["subscription_id"] = payment.SubscriptionId,
        ["checkout_reference"] = payment.CheckoutReference,
        ["click_id"] = payment.Attribution.ClickId,
        ["external_user_id"] = payment.Attribution.ExternalUserId,
        ["email"] = payment.Attribution.Email,
        ["occurred_at"] = payment.OccurredAt == default ? null : payment.OccurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
    };

    /// <summary>
    /// Compares an expectation with what was derived: every property the expectation names must be equal (a null
    /// expectation means "must be null"); properties it does not name are not checked. Returns the differences.
    /// </summary>
    public static IReadOnlyList<string> Differences(JsonObject expected, JsonObject actual)
    {
        var differences = new List<string>();
        foreach (var (name, expectedValue) in expected)
        {
            actual.TryGetPropertyValue(name, out var actualValue);
            if (!JsonNode.DeepEquals(Normalize(expectedValue), Normalize(actualValue)))
                differences.Add($"{name}: expected {Show(expectedValue)}, got {Show(actualValue)}");
        }
        return differences;
    }

    private static JsonNode? Normalize(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<decimal>(out var number) ? JsonValue.Create(number) : node;

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";
}
