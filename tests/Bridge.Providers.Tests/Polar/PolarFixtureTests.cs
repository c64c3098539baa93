using Bridge.Providers.Tests.Fixtures;
using Bridge.Providers.Polar;

namespace Bridge.Providers.Tests.Polar;

public sealed class PolarFixtureTests
{
    public static TheoryData<string> Cases => FixtureCases.Names("polar");

    [Theory]
    [MemberData(nameof(Cases))]
    public void FixtureSignsVerifiesAndMaps(string name) =>
        FixtureCases.SignVerifyAndMap(new PolarProvider(), name, PolarTestKit.Secret);

    [Theory]
    [MemberData(nameof(Cases))]
    public void FixtureSignedWithAnotherSecretIsRejected(string name) =>
        FixtureCases.WrongSecretIsRejected(new PolarProvider(), name, PolarTestKit.Secret, "polar_whs_another_secret");

    [Fact]
    public void FixturesCoverEveryKindPolarProduces()
    {
        var kinds = CapturedEvent.Load([RepoPaths.FixturesOf("polar")])
            .SelectMany(captured => captured.Sidecar.Payments)
            .Select(payment => (string?)payment["kind"])
            .ToHashSet();
        Assert.Equal(new HashSet<string?> { "initial", "renewal", "refund", "ignored" }, kinds);
    }

    [Theory]
    [InlineData("refund_created_full", "order_paid_one_time")]
    [InlineData("order_refunded_one_time_full", "order_paid_one_time")]
    [InlineData("refund_created_partial", "order_paid_subscription_cycle")]
    [InlineData("order_refunded_renewal_partial", "order_paid_subscription_cycle")]
    [InlineData("refund_updated_succeeded", "order_paid_subscription_update")]
    [InlineData("refund_created_dispute_prevention", "order_paid_subscription_create")]
    public void RefundsNameTheOrderTheyRefund(string refundFixture, string orderFixture)
    {
        var order = PolarTestKit.SinglePayment(PolarTestKit.FixtureBody(orderFixture));
        var refund = PolarTestKit.SinglePayment(PolarTestKit.FixtureBody(refundFixture));
        Assert.Equal(PaymentKind.Refund, refund.Kind);
        Assert.Equal(order.ProviderPaymentId, refund.ProviderPaymentId);
        Assert.Equal(order.Currency, refund.Currency);
        Assert.Equal(order.CustomerId, refund.CustomerId);
    }

    [Fact]
    public void FullRefundReturnsWhatTheOrderCharged()
    {
        var order = PolarTestKit.SinglePayment(PolarTestKit.FixtureBody("order_paid_subscription_update"));
        var refund = PolarTestKit.SinglePayment(PolarTestKit.FixtureBody("refund_updated_succeeded"));
        Assert.Equal(order.AmountMinor, refund.AmountMinor);
        Assert.Equal(order.SubtotalMinor, refund.SubtotalMinor);
    }

    [Theory]
    [InlineData("order_paid_subscription_cycle")]
    [InlineData("order_paid_subscription_update")]
    public void LaterPaymentsShareTheFirstPaymentsSubscription(string laterFixture)
    {
        var first = PolarTestKit.SinglePayment(PolarTestKit.FixtureBody("order_paid_subscription_create"));
        var later = PolarTestKit.SinglePayment(PolarTestKit.FixtureBody(laterFixture));
        Assert.Equal(PaymentKind.Initial, first.Kind);
        Assert.Equal(PaymentKind.Renewal, later.Kind);
        Assert.NotNull(first.SubscriptionId);
        Assert.Equal(first.SubscriptionId, later.SubscriptionId);
        Assert.NotEqual(first.ProviderPaymentId, later.ProviderPaymentId);
    }

    [Fact]
    public void OrderToldTwiceIsCountedOnce()
    {
        var created = PolarTestKit.SinglePayment(PolarTestKit.FixtureBody("order_created_one_time"));
        var paid = PolarTestKit.SinglePayment(PolarTestKit.FixtureBody("order_paid_one_time"));
        Assert.Equal(PaymentKind.Ignored, created.Kind);
        Assert.Equal(PaymentKind.Initial, paid.Kind);
    }
}
