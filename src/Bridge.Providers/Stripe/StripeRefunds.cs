using Bridge.Providers.Json;

namespace Bridge.Providers.Stripe;

/// <summary>
/// Money going back: <c>charge.refunded</c> (a running total per charge), <c>refund.*</c> (one refund, counted once
/// succeeded) and <c>charge.dispute.created</c>. Each names the PaymentIntent it reverses, with the charge as an alias.
/// </summary>
internal static class StripeRefunds
{
    public static MappingResult MapChargeRefunded(StripeEvent stripeEvent)
    {
        var charge = stripeEvent.Object;
        if (charge.Str("id") is not { } chargeId)
            return stripeEvent.Missing("id");
        if (charge.Long("amount_refunded") is not { } amountRefunded)
            return stripeEvent.Missing("amount_refunded");
        if (charge.Currency("currency") is not { } currency)
            return stripeEvent.Missing("currency");

        var paymentId = charge.IdOf("payment_intent") ?? chargeId;
        return MappingResult.Of(new PaymentEvent
        {
            Kind = PaymentKind.Refund,
            ProviderEventId = stripeEvent.Id,
            ProviderPaymentId = paymentId,
            PaymentAliases = StripeJson.Aliases(paymentId, chargeId, charge.IdOf("invoice")),
            AmountMinor = amountRefunded,
            CumulativeRefundedMinor = amountRefunded,
            Currency = currency,
            CustomerId = charge.IdOf("customer"),
            OccurredAt = stripeEvent.OccurredAt,
        });
    }

    public static MappingResult MapRefund(StripeEvent stripeEvent)
    {
        var refund = stripeEvent.Object;
        if (refund.Str("id") is not { } refundId)
            return stripeEvent.Missing("id");

        var status = refund.Str("status");
        if (status != "succeeded")
            return stripeEvent.Ignore(UnfinishedRefundReason(refundId, status));

        if (refund.Long("amount") is not { } amount)
            return stripeEvent.Missing("amount");
        if (refund.Currency("currency") is not { } currency)
            return stripeEvent.Missing("currency");
        var chargeId = refund.IdOf("charge");
        if ((refund.IdOf("payment_intent") ?? chargeId) is not { } paymentId)
            return stripeEvent.Missing("payment_intent");

        return MappingResult.Of(new PaymentEvent
        {
            Kind = PaymentKind.Refund,
            ProviderEventId = stripeEvent.Id,
            ProviderPaymentId = paymentId,
            PaymentAliases = StripeJson.Aliases(paymentId, chargeId),
            RefundId = refundId,
            AmountMinor = amount,
            Currency = currency,
            CustomerId = refund.IdOf("customer"),
            OccurredAt = stripeEvent.OccurredAt,
        });
    }

    public static MappingResult MapDispute(StripeEvent stripeEvent)
    {
        var dispute = stripeEvent.Object;
        if (dispute.Long("amount") is not { } amount)
            return stripeEvent.Missing("amount");
        if (dispute.Currency("currency") is not { } currency)
            return stripeEvent.Missing("currency");
        var chargeId = dispute.IdOf("charge");
        if ((dispute.IdOf("payment_intent") ?? chargeId) is not { } paymentId)
            return stripeEvent.Missing("charge");

        return MappingResult.Of(new PaymentEvent
        {
            Kind = PaymentKind.Dispute,
            ProviderEventId = stripeEvent.Id,
            ProviderPaymentId = paymentId,
            PaymentAliases = StripeJson.Aliases(paymentId, chargeId),
            AmountMinor = amount,
            Currency = currency,
            OccurredAt = stripeEvent.OccurredAt,
        });
    }

    private static string UnfinishedRefundReason(string refundId, string? status) => status switch
    {
        "pending" or "requires_action" => $"refund {refundId} is {status}; it is counted once it has succeeded",
        "failed" or "canceled" =>
            $"refund {refundId} is {status}; no money went back, and a refund that was already counted is not reversed",
        _ => $"refund {refundId} has status '{status}', not succeeded",
    };
}
