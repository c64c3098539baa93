using Bridge.Providers.Creem;

namespace Bridge.Providers.Tests.Creem;

/// <summary>Mapping cases the captured fixtures do not show.</summary>
public sealed class CreemMappingTests
{
    private static string Event(string type, string subject, string mode = "test") =>
        $$$"""{"id":"evt_t1","eventType":"{{{type}}}","created_at":1746093600000,"object":{"mode":"{{{mode}}}",{{{subject}}}}}""";

    private static string Checkout(string order, string extra = "") =>
        Event("checkout.completed", $$"""
            "id":"ch_t1","object":"checkout","status":"completed",
            "customer":{"id":"cust_t1","email":"a@example.com"},
            "order":{{order}}{{extra}}
            """);

    private const string PaidOrder = """{"id":"ord_t1","transaction":"tran_t1","amount":2900,"amount_paid":3480,"tax_amount":580,"currency":"usd","status":"paid","type":"onetime"}""";

    [Fact]
    public void CheckoutAmountIsTaxInclusiveAndSubtotalExcludesTax()
    {
        var payment = CreemTestKit.SinglePayment(Checkout(PaidOrder));
        Assert.Equal(PaymentKind.Initial, payment.Kind);
        Assert.Equal(3480, payment.AmountMinor);
        Assert.Equal(2900, payment.SubtotalMinor);
        Assert.Equal("USD", payment.Currency);
        Assert.Equal("tran_t1", payment.ProviderPaymentId);
        Assert.Equal(["ord_t1", "ch_t1"], payment.PaymentAliases);
        Assert.Equal(DateTimeOffset.Parse("2025-05-01T10:00:00Z"), payment.OccurredAt);
    }

    [Fact]
    public void CheckoutWithoutAmountPaidFallsBackToAmount()
    {
        var payment = CreemTestKit.SinglePayment(Checkout("""{"id":"ord_t1","transaction":"tran_t1","amount":2900,"currency":"USD","type":"onetime"}"""));
        Assert.Equal(2900, payment.AmountMinor);
        Assert.Null(payment.SubtotalMinor);
    }

    [Theory]
    [InlineData("JPY", 1500)]
    [InlineData("KWD", 12345)]
    public void ZeroAndThreeDecimalAmountsStayExact(string currency, long amount)
    {
        var order = $$"""{"id":"ord_t1","transaction":"tran_t1","amount_paid":{{amount}},"currency":"{{currency.ToLowerInvariant()}}","type":"onetime"}""";
        var payment = CreemTestKit.SinglePayment(Checkout(order));
        Assert.Equal(amount, payment.AmountMinor);
        Assert.Equal(currency, payment.Currency);
    }

    [Fact]
    public void CheckoutWithoutTransactionIsNamedByItsOrder()
    {
        var payment = CreemTestKit.SinglePayment(Checkout("""{"id":"ord_t1","amount_paid":2900,"currency":"USD","type":"onetime"}"""));
        Assert.Equal("ord_t1", payment.ProviderPaymentId);
        Assert.Equal(["ch_t1"], payment.PaymentAliases);
    }

    [Fact]
    public void PendingOrderIsIgnored()
    {
        var payment = CreemTestKit.SinglePayment(Checkout("""{"id":"ord_t1","transaction":"tran_t1","amount_paid":2900,"currency":"USD","status":"pending"}"""));
        Assert.Equal(PaymentKind.Ignored, payment.Kind);
        Assert.Equal("the checkout's order is not paid yet (status 'pending')", payment.IgnoredReason);
        Assert.Equal("evt_t1", payment.ProviderEventId);
    }

    [Theory]
    [InlineData("""{"id":"ord_t1","transaction":"tran_t1","currency":"USD"}""", "checkout.completed: the order has neither amount_paid nor amount")]
    [InlineData("""{"id":"ord_t1","transaction":"tran_t1","amount_paid":100}""", "checkout.completed: the order has no currency")]
    [InlineData("null", "checkout.completed: the checkout has no order")]
    public void BrokenCheckoutFails(string order, string error)
    {
        var mapping = CreemTestKit.Map(Checkout(order));
        Assert.Equal(error, mapping.Error);
        Assert.Empty(mapping.Events);
    }

    [Fact]
    public void ClickIdFallsBackToClickIdKeyAndUserIdWins()
    {
        var payment = CreemTestKit.SinglePayment(Checkout(PaidOrder, """
            ,"request_id":"req_1","metadata":{"click_id":"clk_fallback","external_user_id":"ext_2","userId":"user_1"}
            """));
        Assert.Equal(new AttributionHints("clk_fallback", "user_1", "a@example.com"), payment.Attribution);
    }

    [Fact]
    public void AffonsoReferralWinsOverClickId()
    {
        var payment = CreemTestKit.SinglePayment(Checkout(PaidOrder, ""","metadata":{"click_id":"clk_other","affonso_referral":"clk_main"}"""));
        Assert.Equal("clk_main", payment.Attribution.ClickId);
    }

    [Fact]
    public void CustomerExternalIdWinsOverRequestId()
    {
        var body = Event("checkout.completed", $$"""
            "id":"ch_t1","customer":{"id":"cust_t1","external_id":"ext_cust"},"request_id":"req_1","order":{{PaidOrder}}
            """);
        Assert.Equal("ext_cust", CreemTestKit.SinglePayment(body).Attribution.ExternalUserId);
    }

    [Fact]
    public void SubscriptionMetadataServesWhenTheCheckoutHasNone()
    {
        var payment = CreemTestKit.SinglePayment(Checkout(PaidOrder, """
            ,"subscription":{"id":"sub_t1","metadata":{"affonso_referral":"clk_sub","external_user_id":"ext_sub"}}
            """));
        Assert.Equal("sub_t1", payment.SubscriptionId);
        Assert.Equal(new AttributionHints("clk_sub", "ext_sub", "a@example.com"), payment.Attribution);
    }

    [Fact]
    public void CustomerAndSubscriptionGivenAsIdsAreRead()
    {
        var body = Event("checkout.completed", $$"""
            "id":"ch_t1","customer":"cust_plain","subscription":"sub_plain","order":{{PaidOrder}}
            """);
        var payment = CreemTestKit.SinglePayment(body);
        Assert.Equal("cust_plain", payment.CustomerId);
        Assert.Equal("sub_plain", payment.SubscriptionId);
        Assert.Null(payment.Attribution.Email);
    }

    [Fact]
    public void RenewalWithTaxReadsLastTransaction()
    {
        var body = Event("subscription.paid", """
            "id":"sub_t1","customer":"cust_t1","last_transaction_id":"tran_r2",
            "last_transaction":{"id":"tran_r2","amount":1500,"amount_paid":1800,"tax_amount":300,"currency":"EUR"}
            """);
        var payment = CreemTestKit.SinglePayment(body);
        Assert.Equal(PaymentKind.Renewal, payment.Kind);
        Assert.Equal(("tran_r2", 1800L, 1500L, "EUR"), (payment.ProviderPaymentId, payment.AmountMinor, payment.SubtotalMinor, payment.Currency));
        Assert.Equal(("cust_t1", "sub_t1"), (payment.CustomerId, payment.SubscriptionId));
        Assert.Empty(payment.PaymentAliases);
    }

    [Fact]
    public void RenewalWithoutLastTransactionFails()
    {
        var mapping = CreemTestKit.Map(Event("subscription.paid", """ "id":"sub_t1","last_transaction_id":"tran_r2" """));
        Assert.Equal("subscription.paid: the subscription's last_transaction has neither amount_paid nor amount", mapping.Error);
    }

    [Fact]
    public void RenewalWithoutTransactionIdFails()
    {
        var mapping = CreemTestKit.Map(Event("subscription.paid", """ "id":"sub_t1" """));
        Assert.Equal("subscription.paid: the subscription has no last_transaction_id", mapping.Error);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("failed")]
    [InlineData("canceled")]
    public void UnsettledRefundIsIgnored(string status)
    {
        var body = Event("refund.created", $$"""
            "id":"ref_t1","status":"{{status}}","refund_amount":500,"refund_currency":"USD","transaction":{"id":"tran_t1"}
            """);
        var payment = CreemTestKit.SinglePayment(body);
        Assert.Equal(PaymentKind.Ignored, payment.Kind);
        Assert.Equal($"the refund is not settled (status '{status}')", payment.IgnoredReason);
    }

    [Fact]
    public void RefundReadsExpandedCheckoutSubscriptionAndTransactionOrder()
    {
        var body = Event("refund.created", """
            "id":"ref_t1","status":"succeeded","refund_amount":500,"refund_currency":"eur",
            "transaction":{"id":"tran_t1","order":"ord_t1","amount_paid":2900,"customer":"cust_t1"},
            "checkout":{"id":"ch_t1","request_id":"req_1","metadata":{"affonso_referral":"clk_1"}},
            "subscription":{"id":"sub_t1"}
            """);
        var payment = CreemTestKit.SinglePayment(body);
        Assert.Equal(PaymentKind.Refund, payment.Kind);
        Assert.Equal(("tran_t1", "ref_t1", 500L, "EUR"), (payment.ProviderPaymentId, payment.RefundId, payment.AmountMinor, payment.Currency));
        Assert.Equal(["ord_t1", "ch_t1"], payment.PaymentAliases);
        Assert.Equal(("cust_t1", "sub_t1"), (payment.CustomerId, payment.SubscriptionId));
        Assert.Equal(new AttributionHints("clk_1", "req_1"), payment.Attribution);
        Assert.Null(payment.CumulativeRefundedMinor);
        Assert.Null(payment.SubtotalMinor);
    }

    [Fact]
    public void RefundWithoutTransactionIsNamedByItsOrder()
    {
        var body = Event("refund.created", """
            "id":"ref_t1","status":"succeeded","refund_amount":500,"refund_currency":"USD","order":"ord_t1","checkout":"ch_t1"
            """);
        var payment = CreemTestKit.SinglePayment(body);
        Assert.Equal("ord_t1", payment.ProviderPaymentId);
        Assert.Equal(["ch_t1"], payment.PaymentAliases);
    }

    [Theory]
    [InlineData(""" "id":"ref_t1","refund_currency":"USD","transaction":{"id":"tran_t1"}""", "refund.created: the refund has no refund_amount")]
    [InlineData(""" "id":"ref_t1","refund_amount":5,"transaction":{"id":"tran_t1"}""", "refund.created: the refund has no refund_currency")]
    [InlineData(""" "id":"ref_t1","refund_amount":5,"refund_currency":"USD" """, "refund.created: names no transaction, order or checkout")]
    [InlineData(""" "id":"disp_t1","currency":"USD","transaction":"tran_t1" """, "dispute.created: the dispute has no amount")]
    public void BrokenRefundOrDisputeFails(string subject, string error)
    {
        var type = error.Split(':')[0];
        Assert.Equal(error, CreemTestKit.Map(Event(type, subject)).Error);
    }

    [Fact]
    public void DisputeWithTransactionIdOnlyFallsBackToTransactionCurrency()
    {
        var body = Event("dispute.created", """
            "id":"disp_t1","amount":2900,"transaction":{"id":"tran_t1","currency":"gbp","subscription":"sub_t1"}
            """);
        var payment = CreemTestKit.SinglePayment(body);
        Assert.Equal(PaymentKind.Dispute, payment.Kind);
        Assert.Equal(("tran_t1", 2900L, "GBP", "sub_t1"), (payment.ProviderPaymentId, payment.AmountMinor, payment.Currency, payment.SubscriptionId));
        Assert.Null(payment.RefundId);
    }

    [Theory]
    [InlineData("prod", true)]
    [InlineData("test", false)]
    [InlineData("sandbox", false)]
    [InlineData("staging", null)]
    public void LiveModeComesFromTheObjectMode(string mode, bool? live) =>
        Assert.Equal(live, CreemTestKit.Verified(Event("subscription.active", """ "id":"sub_t1" """, mode)).LiveMode);

    [Theory]
    [InlineData("subscription.active")]
    [InlineData("subscription.trialing")]
    [InlineData("subscription.update")]
    [InlineData("subscription.past_due")]
    [InlineData("checkout.expired")]
    public void NonPaymentEventsAreIgnored(string type)
    {
        var payment = CreemTestKit.SinglePayment(Event(type, """ "id":"sub_t1" """));
        Assert.Equal(PaymentKind.Ignored, payment.Kind);
        Assert.Equal($"Creem event '{type}' is not a payment", payment.IgnoredReason);
        Assert.Equal(DateTimeOffset.Parse("2025-05-01T10:00:00Z"), payment.OccurredAt);
    }

    [Fact]
    public void HandledEventWithoutObjectFails() =>
        Assert.Equal("refund.created: the event has no object",
            CreemTestKit.Map("""{"id":"evt_t1","eventType":"refund.created","created_at":1746093600000}""").Error);

    [Fact]
    public void EventWithoutTypeIsIgnored()
    {
        var payment = CreemTestKit.SinglePayment("""{"id":"evt_t1","object":{"id":"x"}}""");
        Assert.Equal("the event has no eventType", payment.IgnoredReason);
    }
}
