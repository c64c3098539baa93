using static Bridge.Providers.Tests.Paddle.PaddleBodies;
using static Bridge.Providers.Tests.Paddle.PaddleTestKit;

namespace Bridge.Providers.Tests.Paddle;

public sealed class PaddleAdjustmentMappingTests
{
    [Fact]
    public void HandledEventWithoutDataFails() =>
        Assert.Equal("adjustment.updated has no data object",
            Map(Edited("refund_partial_subscription.adjustment.updated", root => root["data"] = null)).Error);

    [Fact]
    public void ApprovedRefundOnCreatedAndUpdatedHasOneRefundId()
    {
        var updated = MapFixture("refund_partial_subscription.adjustment.updated");
        var created = MapOne(Edited("refund_partial_subscription.adjustment.updated", root =>
        {
            root["event_type"] = "adjustment.created";
            root["event_id"] = "evt_01hyk4c3f5h7k9n1q3s5v7x9z1";
        }));
        Assert.Equal((PaymentKind.Refund, PaymentKind.Refund), (created.Kind, updated.Kind));
        Assert.NotEqual(created.ProviderEventId, updated.ProviderEventId);
        Assert.Equal("adj_01hyk4c2e4g6j8m0p2r4t6w8y0", created.RefundId);
        Assert.Equal(created.RefundId, updated.RefundId);
        Assert.Equal(created.ProviderPaymentId, updated.ProviderPaymentId);
        Assert.Equal(created.AmountMinor, updated.AmountMinor);
    }

    [Theory]
    [InlineData("refund", "pending_approval", "refund is pending_approval, not approved")]
    [InlineData("refund", "rejected", "refund is rejected, not approved")]
    [InlineData("refund", "reversed", "refund is reversed, not approved")]
    [InlineData("refund", null, "refund is without status, not approved")]
    [InlineData("chargeback", "pending_approval", "chargeback is pending_approval, not approved")]
    [InlineData("credit", "approved", "credit adjustment: reduces an invoice or adds to the customer's balance, no money returned")]
    [InlineData("credit_reverse", "approved", "credit reversal: no money moved")]
    [InlineData("chargeback_warning", "approved", "chargeback_warning: an early dispute warning, no money moved")]
    [InlineData("chargeback_warning_reverse", "approved", "chargeback_warning_reverse: an early dispute warning, no money moved")]
    [InlineData("chargeback_reverse", "approved", "chargeback reversed in the merchant's favour; the bridge has no kind that undoes a dispute")]
    [InlineData("goodwill", "approved", "adjustment action 'goodwill' is not one the bridge counts")]
    [InlineData(null, "approved", "adjustment has no action")]
    public void AdjustmentsThatReturnNoMoneyAreIgnored(string? action, string? status, string reason)
    {
        var payment = MapOne(Adjustment(data =>
        {
            data["action"] = action;
            data["status"] = status;
        }));
        Assert.Equal(PaymentKind.Ignored, payment.Kind);
        Assert.Equal(reason, payment.IgnoredReason);
        Assert.Equal("evt_01hyk9x1a3c5e7g9j1m3p5r7t9", payment.ProviderEventId);
    }

    [Fact]
    public void ApprovedChargebackIsADisputeOfTheTransaction()
    {
        var payment = MapOne(Adjustment(data => data["action"] = "chargeback"));
        Assert.Equal(PaymentKind.Dispute, payment.Kind);
        Assert.Equal("txn_01hxq3m5r8t2v6w9y4b7d1f3g5", payment.ProviderPaymentId);
        Assert.Equal("adj_01hyk4c2e4g6j8m0p2r4t6w8y0", payment.RefundId);
        Assert.Equal(10887, payment.AmountMinor);
    }

    [Fact]
    public void RefundAmountIsTheTaxInclusiveTotalNotThePayoutTotal()
    {
        var payment = MapFixture("refund_partial_subscription.adjustment.updated");
        Assert.Equal(10887, payment.AmountMinor);
        Assert.Equal(10000, payment.SubtotalMinor);
        Assert.Equal("USD", payment.Currency);
        Assert.Null(payment.CumulativeRefundedMinor);
    }

    [Theory]
    [InlineData("id", "adjustment.updated has no adjustment id (data.id)")]
    [InlineData("transaction_id", "adjustment adj_01hyk4c2e4g6j8m0p2r4t6w8y0 has no transaction_id")]
    [InlineData("totals", "adjustment adj_01hyk4c2e4g6j8m0p2r4t6w8y0 has no totals.total")]
    public void ApprovedRefundMissingWhatItNeedsFails(string field, string error) =>
        Assert.Equal(error, Map(Adjustment(data => data.Remove(field))).Error);

    [Fact]
    public void RefundCurrencyFallsBackToTheAdjustment()
    {
        var payment = MapOne(Adjustment(data =>
        {
            data["totals"]!.AsObject().Remove("currency_code");
            data["currency_code"] = "gbp";
        }));
        Assert.Equal("GBP", payment.Currency);
    }
}
