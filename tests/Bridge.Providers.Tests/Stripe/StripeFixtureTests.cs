using Bridge.Providers.Stripe;
using Bridge.Providers.Tests.Fixtures;

namespace Bridge.Providers.Tests.Stripe;

public sealed class StripeFixtureTests
{
    public static TheoryData<string> Cases => FixtureCases.Names("stripe");

    [Theory]
    [MemberData(nameof(Cases))]
    public void FixtureSignsVerifiesAndMapsAsItsSidecarSays(string name) =>
        FixtureCases.SignVerifyAndMap(new StripeProvider(), name, StripeTestKit.Secret);

    [Fact]
    public void FixtureSignedWithAnotherSecretIsRejected() =>
        FixtureCases.WrongSecretIsRejected(new StripeProvider(), "initial_one_time.checkout.session.completed", StripeTestKit.Secret, StripeTestKit.OtherSecret);

    [Fact]
    public void FixturesCoverEveryKindStripeProduces()
    {
        var kinds = CapturedEvent.Load([RepoPaths.FixturesOf("stripe")])
            .SelectMany(captured => StripeTestKit.Map(captured.Body).Events)
            .Select(payment => payment.Kind)
            .ToHashSet();
        Assert.Equal(
            [PaymentKind.Initial, PaymentKind.Renewal, PaymentKind.Refund, PaymentKind.Dispute, PaymentKind.Ignored],
            kinds.Order());
    }

    [Fact]
    public void SubscriptionCheckoutAndItsFirstInvoiceNameTheSamePayment()
    {
        var session = StripeTestKit.MapFixture("initial_subscription.checkout.session.completed");
        var invoice = StripeTestKit.MapFixture("initial_subscription.invoice.paid");

        Assert.Equal("in_1Pgc6tB7WZ01zgkWu9fdqL6I", session.ProviderPaymentId);
        Assert.Equal(session.ProviderPaymentId, invoice.ProviderPaymentId);
        Assert.Equal((PaymentKind.Initial, PaymentKind.Initial), (session.Kind, invoice.Kind));
        Assert.Equal((session.AmountMinor, session.Currency, session.SubscriptionId), (invoice.AmountMinor, invoice.Currency, invoice.SubscriptionId));
        Assert.Contains("cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY", session.PaymentAliases);
    }

    [Fact]
    public void InvoicePaidAndPaymentSucceededForOneInvoiceNameTheSamePayment()
    {
        var paid = StripeTestKit.MapFixture("renewal.invoice.paid");
        var succeeded = StripeTestKit.MapFixture("renewal_twin.invoice.payment_succeeded");

        Assert.NotEqual(paid.ProviderEventId, succeeded.ProviderEventId);
        Assert.Equal("in_1Ps0a9B7WZ01zgkWq8r2s3t4", succeeded.ProviderPaymentId);
        var paidAsTwin = PaymentEventJson.ToFlat(paid with { ProviderEventId = succeeded.ProviderEventId });
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(paidAsTwin, PaymentEventJson.ToFlat(succeeded)));
    }

    [Fact]
    public void RenewalsShareTheFirstPaymentsSubscriptionCustomerAndClickId()
    {
        var first = StripeTestKit.MapFixture("initial_subscription.invoice.paid");
        foreach (var name in new[] { "renewal.invoice.paid", "old_api_version.invoice.paid" })
        {
            var renewal = StripeTestKit.MapFixture(name);
            Assert.Equal(PaymentKind.Renewal, renewal.Kind);
            Assert.NotEqual(first.ProviderPaymentId, renewal.ProviderPaymentId);
            Assert.Equal((first.SubscriptionId, first.CustomerId, first.Attribution.ClickId),
                (renewal.SubscriptionId, renewal.CustomerId, renewal.Attribution.ClickId));
        }
    }

    [Theory]
    [InlineData("refund_full.charge.refunded", "initial_one_time.checkout.session.completed")]
    [InlineData("refund_partial.charge.refunded", "initial_one_time.checkout.session.completed")]
    [InlineData("refund_partial.refund.created", "initial_one_time.checkout.session.completed")]
    [InlineData("dispute.charge.dispute.created", "initial_one_time.checkout.session.completed")]
    [InlineData("refund_old_api_version.charge.refunded", "old_api_version.invoice.paid")]
    public void RefundOrDisputeLinksToThePaymentItReverses(string reversal, string payment)
    {
        var reversed = StripeTestKit.MapFixture(reversal);
        var paid = StripeTestKit.MapFixture(payment);

        string[] paymentIds = [paid.ProviderPaymentId!, .. paid.PaymentAliases];
        string[] reversalIds = [reversed.ProviderPaymentId!, .. reversed.PaymentAliases];
        Assert.NotEmpty(paymentIds.Intersect(reversalIds));
        Assert.Equal(paid.Currency, reversed.Currency);
    }

    [Fact]
    public void UnpaidSessionIsCountedOnlyWhenItsAsyncPaymentSucceeds()
    {
        var completed = StripeTestKit.MapFixture("unpaid.checkout.session.completed");
        var succeeded = StripeTestKit.MapFixture("async_payment_succeeded.checkout.session.async_payment_succeeded");

        Assert.Equal(PaymentKind.Ignored, completed.Kind);
        Assert.Contains("async_payment_succeeded", completed.IgnoredReason);
        Assert.Equal(PaymentKind.Initial, succeeded.Kind);
        Assert.Equal(("pi_1PhB3cB7WZ01zgkWSepa49Dz", 4900L, "EUR"), (succeeded.ProviderPaymentId, succeeded.AmountMinor, succeeded.Currency));
    }

    [Theory]
    [InlineData("one_time_jpy.checkout.session.completed", 4980L, 4528L, "JPY")]
    [InlineData("one_time_kwd.checkout.session.completed", 5120L, 5000L, "KWD")]
    public void ZeroAndThreeDecimalAmountsPassThroughExactly(string name, long amount, long subtotal, string currency)
    {
        var payment = StripeTestKit.MapFixture(name);
        Assert.Equal((amount, subtotal, currency), (payment.AmountMinor, payment.SubtotalMinor, payment.Currency));
    }

    [Fact]
    public void LiveModeComesFromTheEnvelope()
    {
        Assert.True(StripeTestKit.Verified(StripeTestKit.Fixture("live_mode.checkout.session.completed")).LiveMode);
        Assert.False(StripeTestKit.Verified(StripeTestKit.Fixture("initial_one_time.checkout.session.completed")).LiveMode);
    }
}
