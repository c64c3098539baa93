namespace Bridge.Providers.Dodo;

/// <summary>The event types the Dodo adapter turns into money, and why every other type is ignored.</summary>
internal static class DodoEventTypes
{
    public const string PaymentSucceeded = "payment.succeeded";
    public const string RefundSucceeded = "refund.succeeded";
    public const string DisputeOpened = "dispute.opened";
    public const string SubscriptionRenewed = "subscription.renewed";
}

internal static class DodoIgnoreReasons
{
    public static string For(string type)
    {
        if (type == DodoEventTypes.SubscriptionRenewed)
            return "subscription.renewed carries no payment; the charge arrives as payment.succeeded";

        var (family, outcome) = Split(type);
        return (family, outcome) switch
        {
            ("subscription", _) => $"{type} is a subscription lifecycle event, not a payment",
            ("payment", "processing") => "payment.processing: the payment has not succeeded yet (payment.succeeded follows)",
            ("payment", "failed" or "cancelled") => $"{type}: no money was taken",
            ("payment", _) => $"{type} is not a succeeded payment",
            ("refund", "failed") => "refund.failed: no money was returned",
            ("refund", _) => $"{type} is not a succeeded refund",
            ("dispute", _) => $"{type}: the dispute outcome '{outcome}' is not recorded; only dispute.opened creates a dispute",
            _ => $"{type} is not a payment event",
        };
    }

    private static (string Family, string Outcome) Split(string type)
    {
        var dot = type.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? (type, "") : (type[..dot], type[(dot + 1)..]);
    }
}
