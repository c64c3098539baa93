using System.Text.Json.Nodes;
using Bridge.Providers.Paddle;
using static Bridge.Providers.Tests.Paddle.PaddleBodies;
using static Bridge.Providers.Tests.Paddle.PaddleTestKit;

namespace Bridge.Providers.Tests.Paddle;

public sealed class PaddleTransactionMappingTests
{
    [Theory]
    [InlineData("web", PaymentKind.Initial)]
    [InlineData("api", PaymentKind.Initial)]
    [InlineData("subscription_recurring", PaymentKind.Renewal)]
    [InlineData("subscription_charge", PaymentKind.Renewal)]
    [InlineData("subscription_update", PaymentKind.Renewal)]
    public void OriginDecidesTheKind(string origin, PaymentKind kind)
    {
        var payment = MapOne(Transaction(data => data["origin"] = origin));
        Assert.Equal(kind, payment.Kind);
        Assert.Equal("txn_01hxq3m5r8t2v6w9y4b7d1f3g5", payment.ProviderPaymentId);
        Assert.Equal(43549, payment.AmountMinor);
    }

    [Fact]
    public void PaidEventOfARenewalIsTheSameRenewal()
    {
        var completed = MapFixture("renewal_subscription.transaction.completed");
        var paid = MapOne(Edited("renewal_subscription.transaction.completed", root =>
        {
            root["event_type"] = "transaction.paid";
            root["event_id"] = "evt_01hxq3n19z1b3d5f7h9k1m3p5r";
            root["data"]!["status"] = "paid";
        }));
        Assert.Equal((PaymentKind.Renewal, completed.ProviderPaymentId, completed.AmountMinor), (paid.Kind, paid.ProviderPaymentId, paid.AmountMinor));
        Assert.Equal("evt_01hxq3n19z1b3d5f7h9k1m3p5r", paid.ProviderEventId);
    }

    [Fact]
    public void PaymentMethodChangeIsIgnoredEvenOnTransactionPaid()
    {
        var payment = MapOne(Edited("payment_method_change.transaction.completed", root => root["event_type"] = "transaction.paid"));
        Assert.Equal(PaymentKind.Ignored, payment.Kind);
        Assert.Equal("zero-amount transaction for a subscription payment method change", payment.IgnoredReason);
    }

    [Fact]
    public void UnknownOriginIsIgnoredWithItsName()
    {
        var payment = MapOne(Transaction(data => data["origin"] = "marketplace_resale"));
        Assert.Equal(PaymentKind.Ignored, payment.Kind);
        Assert.Equal("transaction origin 'marketplace_resale' is not one the bridge counts", payment.IgnoredReason);
    }

    [Fact]
    public void ZeroAmountCheckoutIsStillAnInitialPayment()
    {
        var payment = MapOne(Transaction(data =>
        {
            data["origin"] = "web";
            Totals(data)["grand_total"] = "0";
        }));
        Assert.Equal(PaymentKind.Initial, payment.Kind);
        Assert.Equal(0, payment.AmountMinor);
    }

    [Fact]
    public void AmountIsTheGrandTotalAfterCreditNotTheTotal()
    {
        var payment = MapOne(Transaction(data =>
        {
            Totals(data)["credit"] = "3549";
            Totals(data)["grand_total"] = "40000";
        }));
        Assert.Equal(40000, payment.AmountMinor);
    }

    [Fact]
    public void SubtotalIsThePreTaxAmountAfterDiscount()
    {
        var payment = MapOne(Transaction(data =>
        {
            Totals(data)["discount"] = "4000";
            Totals(data)["tax"] = "3195";
            Totals(data)["total"] = "39195";
            Totals(data)["grand_total"] = "39195";
        }));
        Assert.Equal(39195, payment.AmountMinor);
        Assert.Equal(36000, payment.SubtotalMinor);
    }

    [Fact]
    public void MissingSubtotalLeavesSubtotalNull() =>
        Assert.Null(MapOne(Transaction(data => Totals(data).Remove("subtotal"))).SubtotalMinor);

    [Theory]
    [InlineData("JPY", "1500", 1500)]
    [InlineData("KWD", "12345", 12345)]
    [InlineData("usd", "9007199254740993", 9007199254740993)]
    public void AmountsStayExactInMinorUnitsAndCurrencyIsUpperCase(string currency, string grandTotal, long expected)
    {
        var payment = MapOne(Transaction(data =>
        {
            data["currency_code"] = currency;
            Totals(data)["currency_code"] = currency;
            Totals(data)["grand_total"] = grandTotal;
        }));
        Assert.Equal(expected, payment.AmountMinor);
        Assert.Equal(currency.ToUpperInvariant(), payment.Currency);
    }

    [Fact]
    public void CurrencyFallsBackToTheTotals()
    {
        var payment = MapOne(Transaction(data =>
        {
            data.Remove("currency_code");
            Totals(data)["currency_code"] = "eur";
        }));
        Assert.Equal("EUR", payment.Currency);
    }

    [Fact]
    public void ClickIdFallsBackToClickIdAndUserIdsAreRead()
    {
        var payment = MapOne(Transaction(data => data["custom_data"] = new JsonObject
        {
            ["click_id"] = "clk_01JC2V7Q9X4M8N6P3R5T7W9Y0A",
            ["external_user_id"] = "user_42",
        }));
        Assert.Equal("clk_01JC2V7Q9X4M8N6P3R5T7W9Y0A", payment.Attribution.ClickId);
        Assert.Equal("user_42", payment.Attribution.ExternalUserId);
        Assert.Null(payment.Attribution.Email);
    }

    [Fact]
    public void AffonsoReferralAndUserIdWinOverTheFallbacks()
    {
        var payment = MapOne(Transaction(data => data["custom_data"] = new JsonObject
        {
            ["click_id"] = "clk_other",
            ["affonso_referral"] = "clk_01JC2V7Q9X4M8N6P3R5T7W9Y0A",
            ["external_user_id"] = "user_other",
            ["userId"] = "user_42",
        }));
        Assert.Equal("clk_01JC2V7Q9X4M8N6P3R5T7W9Y0A", payment.Attribution.ClickId);
        Assert.Equal("user_42", payment.Attribution.ExternalUserId);
    }

    [Fact]
    public void CatalogueCustomDataIsNotAttribution()
    {
        var payment = MapOne(Transaction(data =>
        {
            data["custom_data"] = null;
            data["items"]![0]!["price"]!["custom_data"] = new JsonObject { ["affonso_referral"] = "clk_price" };
            data["details"]!["line_items"]![0]!["product"]!["custom_data"] = new JsonObject { ["affonso_referral"] = "clk_product" };
        }));
        Assert.Equal(AttributionHints.None, payment.Attribution);
    }

    [Fact]
    public void CustomDataThatIsNotAnObjectGivesNoAttribution() =>
        Assert.Equal(AttributionHints.None, MapOne(Transaction(data => data["custom_data"] = "clk_01JC2V7Q9X4M8N6P3R5T7W9Y0A")).Attribution);

    [Fact]
    public void OccurredAtIsTheEnvelopeTime() =>
        Assert.Equal(RenewalOccurredAt, MapFixture("renewal_subscription.transaction.completed").OccurredAt);

    [Theory]
    [InlineData("id", "transaction.completed has no transaction id (data.id)")]
    [InlineData("origin", "transaction txn_01hxq3m5r8t2v6w9y4b7d1f3g5 has no origin")]
    public void TransactionWithoutIdOrOriginFails(string field, string error) =>
        Assert.Equal(error, Map(Transaction(data => data.Remove(field))).Error);

    [Fact]
    public void TransactionWithoutGrandTotalFails() =>
        Assert.Equal("transaction txn_01hxq3m5r8t2v6w9y4b7d1f3g5 has no details.totals.grand_total",
            Map(Transaction(data => Totals(data)["grand_total"] = "65.15")).Error);

    [Fact]
    public void TransactionWithoutCurrencyFails() =>
        Assert.Equal("transaction txn_01hxq3m5r8t2v6w9y4b7d1f3g5 has no currency_code",
            Map(Transaction(data =>
            {
                data.Remove("currency_code");
                Totals(data).Remove("currency_code");
            })).Error);

    [Theory]
    [InlineData("transaction.created")]
    [InlineData("transaction.billed")]
    [InlineData("transaction.payment_failed")]
    [InlineData("subscription.created")]
    [InlineData("subscription.canceled")]
    public void OtherEventTypesAreIgnored(string eventType)
    {
        var payment = MapOne(Edited("renewal_subscription.transaction.completed", root => root["event_type"] = eventType));
        Assert.Equal(PaymentKind.Ignored, payment.Kind);
        Assert.Equal($"'{eventType}' is not a payment event", payment.IgnoredReason);
        Assert.Equal(RenewalOccurredAt, payment.OccurredAt);
    }

    [Fact]
    public void MissingOccurredAtFallsBackToArrival()
    {
        var body = Encoding.UTF8.GetBytes(Edited("renewal_subscription.transaction.completed", root => root.Remove("occurred_at")));
        var arrival = DateTimeOffset.UtcNow;
        var raw = Raw(body, SignatureOf(body, Secret, arrival), arrival);
        var verified = Assert.IsType<VerificationResult.Verified>(Verify(raw, arrival, Secret)).Webhook;
        Assert.Equal(arrival, Assert.Single(new PaddleProvider().Map(verified).Events).OccurredAt);
    }
}
