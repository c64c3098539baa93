using Bridge.Providers.Paddle;
using Bridge.Providers.Tests.Fixtures;

namespace Bridge.Providers.Tests.Paddle;

public sealed class PaddleFixtureTests
{
    public static TheoryData<string> Cases => FixtureCases.Names("paddle");

    [Theory]
    [MemberData(nameof(Cases))]
    public void FixtureSignsVerifiesAndMapsAsItsSidecarSays(string name) =>
        FixtureCases.SignVerifyAndMap(new PaddleProvider(), name, PaddleTestKit.Secret);

    [Fact]
    public void FixtureSignedWithAnotherSecretIsRejected() =>
        FixtureCases.WrongSecretIsRejected(new PaddleProvider(), "initial_one_time.transaction.completed", PaddleTestKit.Secret, PaddleTestKit.OtherSecret);

    [Fact]
    public void FixturesCoverEveryKindPaddleProduces()
    {
        var kinds = CapturedEvent.Load([RepoPaths.FixturesOf("paddle")])
            .SelectMany(captured => PaddleTestKit.Map(Encoding.UTF8.GetString(captured.Body)).Events)
            .Select(payment => payment.Kind)
            .ToHashSet();
        Assert.Equal(
            [PaymentKind.Initial, PaymentKind.Renewal, PaymentKind.Refund, PaymentKind.Dispute, PaymentKind.Ignored],
            kinds.Order());
    }

    [Fact]
    public void PaidAndCompletedForOneTransactionNameTheSamePayment()
    {
        var paid = PaddleTestKit.MapFixture("initial_subscription.transaction.paid");
        var completed = PaddleTestKit.MapFixture("initial_subscription.transaction.completed");

        Assert.NotEqual(paid.ProviderEventId, completed.ProviderEventId);
        Assert.Equal("txn_01hv8wptq8987qeep44cyrewp9", paid.ProviderPaymentId);
        Assert.Equal(completed.ProviderPaymentId, paid.ProviderPaymentId);
        Assert.Equal((completed.Kind, completed.AmountMinor, completed.Currency), (paid.Kind, paid.AmountMinor, paid.Currency));
        Assert.Null(paid.SubscriptionId);
        Assert.Equal("sub_01hv8x29kz0t586xy6zn1a62ny", completed.SubscriptionId);
    }

    [Fact]
    public void ChainedRenewalSharesTheFirstPaymentsSubscriptionAndAttribution()
    {
        var first = PaddleTestKit.MapFixture("initial_subscription.transaction.completed");
        var renewal = PaddleTestKit.MapFixture("renewal_subscription.transaction.completed");

        Assert.Equal(PaymentKind.Renewal, renewal.Kind);
        Assert.NotEqual(first.ProviderPaymentId, renewal.ProviderPaymentId);
        Assert.Equal(first.SubscriptionId, renewal.SubscriptionId);
        Assert.Equal(first.CustomerId, renewal.CustomerId);
        Assert.Equal(first.Attribution.ClickId, renewal.Attribution.ClickId);
    }

    [Theory]
    [InlineData("refund_full.adjustment.updated", "initial_one_time.transaction.completed")]
    [InlineData("refund_auto_approved.adjustment.created", "initial_subscription.transaction.completed")]
    [InlineData("refund_partial_subscription.adjustment.updated", "renewal_subscription.transaction.completed")]
    [InlineData("chargeback.adjustment.created", "initial_one_time.transaction.paid")]
    public void ReversalNamesThePaymentItReverses(string reversal, string payment)
    {
        var reversed = PaddleTestKit.MapFixture(reversal);
        var paid = PaddleTestKit.MapFixture(payment);

        Assert.Equal(paid.ProviderPaymentId, reversed.ProviderPaymentId);
        Assert.Equal(paid.Currency, reversed.Currency);
        Assert.InRange(reversed.AmountMinor, 1, paid.AmountMinor);
    }

    [Fact]
    public void PendingAndApprovedReportsOfOneRefundCountOnlyTheApproval()
    {
        var pending = PaddleTestKit.MapFixture("refund_partial_subscription.adjustment.created");
        var approved = PaddleTestKit.MapFixture("refund_partial_subscription.adjustment.updated");

        Assert.Equal(PaymentKind.Ignored, pending.Kind);
        Assert.Equal(PaymentKind.Refund, approved.Kind);
        Assert.Equal("adj_01hyk4c2e4g6j8m0p2r4t6w8y0", approved.RefundId);
    }
}
