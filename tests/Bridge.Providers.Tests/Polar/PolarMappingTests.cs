using System.Text.Json.Nodes;

namespace Bridge.Providers.Tests.Polar;

public sealed class PolarMappingTests
{
    [Fact]
    public void PaidOrderChargesTheTaxInclusiveTotalWithNetAsSubtotal()
    {
        var payment = PolarTestKit.SinglePayment(PolarTestKit.Order());
        Assert.Equal(PaymentKind.Initial, payment.Kind);
        Assert.Equal("ord_9", payment.ProviderPaymentId);
        Assert.Equal(1190, payment.AmountMinor);
        Assert.Equal(1000, payment.SubtotalMinor);
        Assert.Equal("EUR", payment.Currency);
        Assert.Equal("cus_1", payment.CustomerId);
        Assert.Equal("chk_1", payment.CheckoutReference);
        Assert.Equal("msg_test_0001", payment.ProviderEventId);
        Assert.Equal(new DateTimeOffset(2025, 5, 1, 10, 0, 0, TimeSpan.Zero), payment.OccurredAt);
    }

    [Theory]
    [InlineData("purchase", PaymentKind.Initial)]
    [InlineData("subscription_create", PaymentKind.Initial)]
    [InlineData("subscription_cycle", PaymentKind.Renewal)]
    [InlineData("subscription_update", PaymentKind.Renewal)]
    public void BillingReasonDecidesTheKind(string billingReason, PaymentKind kind) =>
        Assert.Equal(kind, PolarTestKit.SinglePayment(PolarTestKit.Order(edit: data => data["billing_reason"] = billingReason)).Kind);

    [Fact]
    public void UnknownBillingReasonFailsRatherThanGuessing()
    {
        var mapping = PolarTestKit.Map(PolarTestKit.Order(edit: data => data["billing_reason"] = "subscription_pause"));
        Assert.Contains("unknown data.billing_reason 'subscription_pause'", mapping.Error);
        Assert.Empty(mapping.Events);
    }

    [Theory]
    [InlineData("billing_reason")]
    [InlineData("id")]
    [InlineData("total_amount")]
    [InlineData("currency")]
    public void PaidOrderMissingARequiredFieldFails(string field)
    {
        var mapping = PolarTestKit.Map(PolarTestKit.Order(edit: data => data.Remove(field)));
        Assert.Contains("data." + field, mapping.Error);
    }

    [Fact]
    public void PaidOrderWithAnAmountAsTextFails()
    {
        var mapping = PolarTestKit.Map(PolarTestKit.Order(edit: data => data["total_amount"] = "eleven"));
        Assert.Contains("data.total_amount", mapping.Error);
    }

    [Theory]
    [InlineData("order.paid")]
    [InlineData("order.refunded")]
    [InlineData("refund.created")]
    public void HandledEventWithoutDataFails(string type)
    {
        var mapping = PolarTestKit.Map($$"""{"type":"{{type}}","timestamp":"2025-05-01T10:00:00Z","data":null}""");
        Assert.Equal($"{type} has no data object", mapping.Error);
    }

    [Fact]
    public void EventWithoutTypeFails()
    {
        var mapping = PolarTestKit.Map("""{"timestamp":"2025-05-01T10:00:00Z","data":{}}""");
        Assert.Equal("the Polar event has no type", mapping.Error);
    }

    [Theory]
    [InlineData("jpy", 500, "JPY")]
    [InlineData("kwd", 12345, "KWD")]
    [InlineData("USD", 0, "USD")]
    public void AmountsStayExactInMinorUnitsAndCurrencyIsUpperCase(string currency, long total, string expectedCurrency)
    {
        var payment = PolarTestKit.SinglePayment(PolarTestKit.Order(edit: data =>
        {
            data["currency"] = currency;
            data["total_amount"] = total;
        }));
        Assert.Equal(total, payment.AmountMinor);
        Assert.Equal(expectedCurrency, payment.Currency);
    }

    [Fact]
    public void ZeroAmountFirstSubscriptionOrderStillStartsTheSubscription()
    {
        var payment = PolarTestKit.SinglePayment(PolarTestKit.Order(edit: data =>
        {
            data["billing_reason"] = "subscription_create";
            data["subscription_id"] = "sub_1";
            data["total_amount"] = 0;
            data["net_amount"] = 0;
            data["metadata"] = new JsonObject { ["affonso_referral"] = "clk_trial" };
        }));
        Assert.Equal(PaymentKind.Initial, payment.Kind);
        Assert.Equal(0, payment.AmountMinor);
        Assert.Equal("sub_1", payment.SubscriptionId);
        Assert.Equal("clk_trial", payment.Attribution.ClickId);
    }

    [Fact]
    public void ClickIdPrefersAffonsoReferralOverClickId()
    {
        var both = PolarTestKit.SinglePayment(PolarTestKit.Order(edit: data =>
            data["metadata"] = new JsonObject { ["click_id"] = "clk_second", ["affonso_referral"] = "clk_first" }));
        var fallback = PolarTestKit.SinglePayment(PolarTestKit.Order(edit: data =>
            data["metadata"] = new JsonObject { ["click_id"] = "clk_second" }));
        Assert.Equal("clk_first", both.Attribution.ClickId);
        Assert.Equal("clk_second", fallback.Attribution.ClickId);
    }

    [Theory]
    [InlineData("""{"userId":"u_meta","external_user_id":"u_ext"}""", "cust_ext", "u_meta")]
    [InlineData("""{"external_user_id":"u_ext"}""", "cust_ext", "u_ext")]
    [InlineData("""{}""", "cust_ext", "cust_ext")]
    [InlineData("""{}""", null, null)]
    public void ExternalUserIdPrefersMetadataThenCustomerExternalId(string metadata, string? customerExternalId, string? expected)
    {
        var payment = PolarTestKit.SinglePayment(PolarTestKit.Order(edit: data =>
        {
            data["metadata"] = JsonNode.Parse(metadata);
            data["customer"]!["external_id"] = customerExternalId;
        }));
        Assert.Equal(expected, payment.Attribution.ExternalUserId);
        Assert.Equal("jane@example.com", payment.Attribution.Email);
    }

    [Fact]
    public void NumericAndBooleanMetadataValuesAreReadAsText()
    {
        var numbers = PolarTestKit.SinglePayment(PolarTestKit.Order(edit: data =>
            data["metadata"] = new JsonObject { ["affonso_referral"] = "", ["click_id"] = 12345, ["userId"] = 42 }));
        var boolean = PolarTestKit.SinglePayment(PolarTestKit.Order(edit: data =>
            data["metadata"] = new JsonObject { ["external_user_id"] = true }));
        Assert.Equal("12345", numbers.Attribution.ClickId);
        Assert.Equal("42", numbers.Attribution.ExternalUserId);
        Assert.Equal("true", boolean.Attribution.ExternalUserId);
    }

    [Fact]
    public void CustomerIdFallsBackToTheCustomerObject()
    {
        var payment = PolarTestKit.SinglePayment(PolarTestKit.Order(edit: data => data.Remove("customer_id")));
        Assert.Equal("cus_1", payment.CustomerId);
    }

    [Fact]
    public void OccurredAtFallsBackToTheOrdersModificationTime()
    {
        var body = JsonNode.Parse(PolarTestKit.Order(edit: data => data["modified_at"] = "2025-05-03T08:30:00.123456Z"))!.AsObject();
        body.Remove("timestamp");
        var payment = PolarTestKit.SinglePayment(body.ToJsonString());
        Assert.Equal(new DateTimeOffset(2025, 5, 3, 8, 30, 0, 123, TimeSpan.Zero).AddTicks(4560), payment.OccurredAt);
    }

    [Theory]
    [InlineData("order.created")]
    [InlineData("order.updated")]
    public void OrderCompanionEventsAreIgnored(string type)
    {
        var payment = PolarTestKit.SinglePayment(PolarTestKit.Order(type));
        Assert.Equal(PaymentKind.Ignored, payment.Kind);
        Assert.Contains("order.paid", payment.IgnoredReason);
        Assert.Null(payment.ProviderPaymentId);
        Assert.Equal(new DateTimeOffset(2025, 5, 1, 10, 0, 0, TimeSpan.Zero), payment.OccurredAt);
    }

    [Theory]
    [InlineData("checkout.created")]
    [InlineData("subscription.active")]
    [InlineData("benefit_grant.created")]
    public void UnrelatedEventsAreIgnoredByName(string type)
    {
        var payment = PolarTestKit.SinglePayment($$$"""{"type":"{{{type}}}","timestamp":"2025-05-01T10:00:00Z","data":{"id":"x"}}""");
        Assert.Equal(PaymentKind.Ignored, payment.Kind);
        Assert.Equal($"Polar event '{type}' is not a payment", payment.IgnoredReason);
    }

    [Theory]
    [InlineData("refund.created")]
    [InlineData("refund.updated")]
    public void SucceededRefundReturnsAmountPlusTax(string type)
    {
        var refund = PolarTestKit.SinglePayment(PolarTestKit.Refund(type));
        Assert.Equal(PaymentKind.Refund, refund.Kind);
        Assert.Equal("ord_9", refund.ProviderPaymentId);
        Assert.Equal("ref_1", refund.RefundId);
        Assert.Equal(1190, refund.AmountMinor);
        Assert.Equal(1000, refund.SubtotalMinor);
        Assert.Null(refund.CumulativeRefundedMinor);
        Assert.Equal("EUR", refund.Currency);
        Assert.Equal("cus_1", refund.CustomerId);
    }

    [Fact]
    public void RefundMatchesTheTotalOfTheOrderItFullyRefunds()
    {
        var order = PolarTestKit.SinglePayment(PolarTestKit.Order());
        var refund = PolarTestKit.SinglePayment(PolarTestKit.Refund());
        Assert.Equal(order.ProviderPaymentId, refund.ProviderPaymentId);
        Assert.Equal(order.AmountMinor, refund.AmountMinor);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("failed")]
    [InlineData("canceled")]
    public void RefundThatHasNotSucceededIsIgnored(string status)
    {
        var refund = PolarTestKit.SinglePayment(PolarTestKit.Refund("refund.updated", data => data["status"] = status));
        Assert.Equal(PaymentKind.Ignored, refund.Kind);
        Assert.Equal($"the refund is {status}, not succeeded: no money has been returned", refund.IgnoredReason);
    }

    [Fact]
    public void RefundThatPreventedADisputeIsARefund()
    {
        var refund = PolarTestKit.SinglePayment(PolarTestKit.Refund(edit: data =>
        {
            data["reason"] = "dispute_prevention";
            data["dispute"] = new JsonObject { ["id"] = "dsp_1", ["status"] = "prevented", ["amount"] = 1000, ["tax_amount"] = 190, ["order_id"] = "ord_9" };
        }));
        Assert.Equal(PaymentKind.Refund, refund.Kind);
        Assert.Equal(1190, refund.AmountMinor);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("id")]
    [InlineData("order_id")]
    [InlineData("amount")]
    [InlineData("tax_amount")]
    [InlineData("currency")]
    public void RefundMissingARequiredFieldFails(string field)
    {
        var mapping = PolarTestKit.Map(PolarTestKit.Refund(edit: data => data.Remove(field)));
        Assert.Contains("data." + field, mapping.Error);
    }

    [Fact]
    public void RefundedOrderReportsTheTaxInclusiveRunningTotal()
    {
        var refund = PolarTestKit.SinglePayment(PolarTestKit.Order("order.refunded", data =>
        {
            data["status"] = "partially_refunded";
            data["refunded_amount"] = 400;
            data["refunded_tax_amount"] = 76;
        }));
        Assert.Equal(PaymentKind.Refund, refund.Kind);
        Assert.Equal("ord_9", refund.ProviderPaymentId);
        Assert.Null(refund.RefundId);
        Assert.Equal(476, refund.CumulativeRefundedMinor);
        Assert.Equal(0, refund.AmountMinor);
        Assert.Equal("EUR", refund.Currency);
    }

    [Theory]
    [InlineData("refunded_amount")]
    [InlineData("refunded_tax_amount")]
    public void RefundedOrderMissingItsTotalsFails(string field)
    {
        var mapping = PolarTestKit.Map(PolarTestKit.Order("order.refunded", data => data.Remove(field)));
        Assert.Contains("data." + field, mapping.Error);
    }
}
