using Bridge.Core.Inbox;
using Bridge.Core.Payments;
using Bridge.Providers.Contract;
using Bridge.Providers.Fixtures;

namespace Bridge.Host.Processing;

/// <summary>Translates the adapters' normalized events into the engine's facts (Core does not know Providers).</summary>
public static class PaymentFacts
{
    public static PaymentFact? From(PaymentEvent payment, InboundEvent inbound, bool finalAttempt) =>
        payment.Kind switch
        {
            PaymentKind.Ignored => null,
            _ => new PaymentFact
            {
                Kind = payment.Kind switch
                {
                    PaymentKind.Initial => FactKind.Initial,
                    PaymentKind.Renewal => FactKind.Renewal,
                    PaymentKind.SubscriptionPayment => FactKind.SubscriptionPayment,
                    PaymentKind.Refund => FactKind.Refund,
                    _ => FactKind.Dispute,
                },
                Provider = inbound.Provider,
                SourceEventId = inbound.Id,
                ProviderPaymentId = payment.ProviderPaymentId,
                Aliases = payment.PaymentAliases,
                RefundId = payment.RefundId,
                AmountMinor = payment.AmountMinor,
                CumulativeRefundedMinor = payment.CumulativeRefundedMinor,
                SubtotalMinor = payment.SubtotalMinor,
                Currency = payment.Currency,
                CustomerId = payment.CustomerId,
                SubscriptionId = payment.SubscriptionId,
                CheckoutReference = payment.CheckoutReference,
                ClickId = payment.Attribution.ClickId,
                ExternalUserId = payment.Attribution.ExternalUserId,
                Email = payment.Attribution.Email,
                OccurredAt = payment.OccurredAt == default ? inbound.ReceivedAt : payment.OccurredAt,
                FinalAttempt = finalAttempt,
            },
        };

    /// <summary>The row shown under <c>payments</c> of GET /v1/inbound-events/{id}.</summary>
    public static InboundPayment Row(InboundEvent inbound, int seq, PaymentEvent payment, FactOutcome? outcome) => new()
    {
        InboundEventId = inbound.Id,
        Seq = seq,
        Kind = PaymentEventJson.KindName(payment.Kind),
        IgnoredReason = payment.IgnoredReason,
        AmountMinor = payment.AmountMinor,
        CumulativeRefundedMinor = payment.CumulativeRefundedMinor,
        Currency = payment.Currency,
        ProviderPaymentId = payment.ProviderPaymentId,
        RefundId = payment.RefundId,
        CustomerId = payment.CustomerId,
        SubscriptionId = payment.SubscriptionId,
        ClickId = payment.Attribution.ClickId,
        ExternalUserId = payment.Attribution.ExternalUserId,
        Email = payment.Attribution.Email,
        OccurredAt = payment.OccurredAt == default ? null : payment.OccurredAt,
        Outcome = outcome is null ? (payment.Kind == PaymentKind.Ignored ? "ignored" : null) : outcome.Result + (outcome.Reason is null ? "" : ": " + outcome.Reason),
        ReferralId = outcome?.ReferralId,
        PaymentId = outcome?.PaymentId,
        CommissionIds = outcome is { CommissionIds.Count: > 0 } ? string.Join(' ', outcome.CommissionIds) : null,
    };
}
