using System.Text.Json.Nodes;
using Bridge.Providers.Dodo;

namespace Bridge.Providers.Tests.Dodo;

/// <summary>Mapping rules the captured fixtures do not show on their own.</summary>
public sealed class DodoMappingTests
{
    private static string Failure(byte[] body)
    {
        var mapping = DodoTestWebhooks.Map(body);
        Assert.Empty(mapping.Events);
        return Assert.IsType<string>(mapping.Error);
    }

    [Fact]
    public void FullRefundWithoutAmountFailsBecauseTheSumIsUnknown()
    {
        var body = DodoTestWebhooks.DataVariant("refund_succeeded_full", data => data["amount"] = null);

        var error = Failure(body);

        Assert.Contains("ref_nUV0DuvmVgeKJVbS04L0y", error);
        Assert.Contains("full refund without an amount", error);
    }

    [Fact]
    public void PartialRefundWithoutAmountFails()
    {
        var body = DodoTestWebhooks.DataVariant("refund_succeeded_partial", data => data.Remove("amount"));

        Assert.Contains("ref_pQW1EvwnWhfLKWcT15M1z has no amount", Failure(body));
    }

    [Fact]
    public void RefundWithoutCurrencyFails()
    {
        var body = DodoTestWebhooks.DataVariant("refund_succeeded_partial", data => data["currency"] = null);

        Assert.Contains("no currency", Failure(body));
    }

    [Fact]
    public void RefundWithoutPaymentIdFails()
    {
        var body = DodoTestWebhooks.DataVariant("refund_succeeded_full", data => data.Remove("payment_id"));

        Assert.Contains("no payment_id", Failure(body));
    }

    [Theory]
    [InlineData("payment_id", "no payment_id")]
    [InlineData("total_amount", "no valid total_amount")]
    [InlineData("currency", "no currency")]
    public void PaymentMissingARequiredFieldFails(string field, string reason)
    {
        var body = DodoTestWebhooks.DataVariant("payment_succeeded_one_time", data => data[field] = null);

        Assert.Contains(reason, Failure(body));
    }

    [Fact]
    public void PaymentWithoutDataFails()
    {
        var body = DodoTestWebhooks.Variant("payment_succeeded_one_time", envelope => envelope.Remove("data"));

        Assert.Equal("payment.succeeded has no data object", Failure(body));
    }

    [Fact]
    public void BodyWithoutTypeFails()
    {
        var body = DodoTestWebhooks.Variant("payment_succeeded_one_time", envelope => envelope.Remove("type"));

        Assert.Equal("the body has no event type", Failure(body));
    }

    [Fact]
    public void LowerCaseCurrencyIsUpperCased()
    {
        var body = DodoTestWebhooks.DataVariant("payment_succeeded_one_time", data => data["currency"] = "eur");

        Assert.Equal("EUR", DodoTestWebhooks.MapOne(body).Currency);
    }

    [Fact]
    public void ThreeDecimalCurrencyAmountsStayExact()
    {
        var body = DodoTestWebhooks.DataVariant("payment_succeeded_one_time", data =>
        {
            data["currency"] = "KWD";
            data["total_amount"] = 12_345;
            data["tax"] = 1_605;
        });

        var payment = DodoTestWebhooks.MapOne(body);

        Assert.Equal(("KWD", 12_345L, (long?)10_740L), (payment.Currency, payment.AmountMinor, payment.SubtotalMinor));
    }

    [Fact]
    public void ZeroAmountPaymentStaysAPayment()
    {
        var body = DodoTestWebhooks.DataVariant("payment_succeeded_subscription_first", data => data["total_amount"] = 0);

        var payment = DodoTestWebhooks.MapOne(body);

        Assert.Equal((PaymentKind.SubscriptionPayment, 0L), (payment.Kind, payment.AmountMinor));
    }

    [Fact]
    public void SubscriptionIdWinsOverSubscriptionIds()
    {
        var body = DodoTestWebhooks.DataVariant("payment_succeeded_subscription_renewal",
            data => data["subscription_ids"] = new JsonArray("sub_0AAAAAAAAAAAAAAAAAAA"));

        Assert.Equal("sub_7EeHq2ewQuadropD2ra", DodoTestWebhooks.MapOne(body).SubscriptionId);
    }

    [Fact]
    public void BundleNamesTheSameSubscriptionWhateverTheListOrder()
    {
        var reordered = DodoTestWebhooks.DataVariant("payment_succeeded_multiple_subscriptions",
            data => data["subscription_ids"] = new JsonArray("sub_8FfIr3fxRvbeprE3sb", "sub_9GgJs4gySwcfqrF4tc"));

        var asCaptured = DodoTestWebhooks.MapOne(DodoTestWebhooks.Fixture("payment_succeeded_multiple_subscriptions"));
        var payment = DodoTestWebhooks.MapOne(reordered);

        Assert.Equal("sub_8FfIr3fxRvbeprE3sb", asCaptured.SubscriptionId);
        Assert.Equal(asCaptured.SubscriptionId, payment.SubscriptionId);
        Assert.Equal(PaymentKind.SubscriptionPayment, payment.Kind);
    }

    [Fact]
    public void EmptySubscriptionIdsMeanAOneTimePurchase()
    {
        var body = DodoTestWebhooks.DataVariant("payment_succeeded_one_time", data => data["subscription_ids"] = new JsonArray());

        var payment = DodoTestWebhooks.MapOne(body);

        Assert.Equal((PaymentKind.Initial, (string?)null), (payment.Kind, payment.SubscriptionId));
    }

    [Fact]
    public void AffonsoReferralAndUserIdWinOverTheFallbackKeys()
    {
        var body = DodoTestWebhooks.DataVariant("payment_succeeded_one_time", data => data["metadata"] = new JsonObject
        {
            ["click_id"] = "clk_fallback",
            ["affonso_referral"] = "clk_8Hq2Lm4Np7",
            ["external_user_id"] = "ext_fallback",
            ["userId"] = "user_primary",
        });

        var attribution = DodoTestWebhooks.MapOne(body).Attribution;

        Assert.Equal(new AttributionHints("clk_8Hq2Lm4Np7", "user_primary", "test@acme.com"), attribution);
    }

    [Fact]
    public void PaymentWithoutMetadataHasNoClickId()
    {
        var body = DodoTestWebhooks.DataVariant("payment_succeeded_one_time", data => data["metadata"] = null);

        Assert.Equal(new AttributionHints(null, null, "test@acme.com"), DodoTestWebhooks.MapOne(body).Attribution);
    }

    [Fact]
    public void OccurredAtFallsBackToTheObjectsCreationTime()
    {
        var body = DodoTestWebhooks.Variant("refund_succeeded_partial", envelope => envelope.Remove("timestamp"));

        Assert.Equal(new DateTimeOffset(2025, 7, 25, 9, 0, 0, TimeSpan.Zero), DodoTestWebhooks.MapOne(body).OccurredAt);
    }

    [Fact]
    public void DisputeAmountAsAJsonNumberIsAccepted()
    {
        var body = DodoTestWebhooks.DataVariant("dispute_opened", data => data["amount"] = 1000);

        Assert.Equal(1000, DodoTestWebhooks.MapOne(body).AmountMinor);
    }

    [Theory]
    [InlineData("10.00")]
    [InlineData("ten")]
    [InlineData(null)]
    public void DisputeAmountThatIsNotMinorUnitsFails(string? amount)
    {
        var body = DodoTestWebhooks.DataVariant("dispute_opened", data => data["amount"] = amount);

        Assert.Contains("dsp_Xk3LmQ8rTz1VbN5wPq7Ys has no amount in minor units", Failure(body));
    }

    [Fact]
    public void DisputeWithoutPaymentIdFails()
    {
        var body = DodoTestWebhooks.DataVariant("dispute_opened", data => data.Remove("payment_id"));

        Assert.Contains("no payment_id", Failure(body));
    }

    [Theory]
    [InlineData("lost")]
    [InlineData("accepted")]
    [InlineData("challenged")]
    [InlineData("expired")]
    [InlineData("cancelled")]
    public void DisputeOutcomesAreIgnoredNamingTheOutcome(string outcome)
    {
        var body = DodoTestWebhooks.Variant("dispute_won", envelope => envelope["type"] = $"dispute.{outcome}");

        var ignored = DodoTestWebhooks.MapOne(body);

        Assert.Equal(PaymentKind.Ignored, ignored.Kind);
        Assert.Contains($"outcome '{outcome}'", ignored.IgnoredReason);
    }

    [Theory]
    [InlineData("payment.processing", "has not succeeded yet")]
    [InlineData("payment.cancelled", "no money was taken")]
    [InlineData("subscription.active", "subscription lifecycle event")]
    [InlineData("subscription.on_hold", "subscription lifecycle event")]
    [InlineData("subscription.plan_changed", "subscription lifecycle event")]
    [InlineData("license_key.created", "not a payment event")]
    public void NonPaymentEventsAreIgnoredWithAReason(string type, string reason)
    {
        var body = DodoTestWebhooks.Variant("payment_failed", envelope => envelope["type"] = type);

        var ignored = DodoTestWebhooks.MapOne(body);

        Assert.Equal(PaymentKind.Ignored, ignored.Kind);
        Assert.Contains(reason, ignored.IgnoredReason);
        Assert.Equal(new DateTimeOffset(2025, 9, 23, 12, 1, 17, 230, 118, TimeSpan.Zero), ignored.OccurredAt);
    }

    [Fact]
    public void RefundAndDisputeNameThePaymentsTheyReferTo()
    {
        var oneTime = DodoTestWebhooks.MapOne(DodoTestWebhooks.Fixture("payment_succeeded_one_time"));
        var first = DodoTestWebhooks.MapOne(DodoTestWebhooks.Fixture("payment_succeeded_subscription_first"));
        var renewal = DodoTestWebhooks.MapOne(DodoTestWebhooks.Fixture("payment_succeeded_subscription_renewal"));

        Assert.Equal(oneTime.ProviderPaymentId, DodoTestWebhooks.MapOne(DodoTestWebhooks.Fixture("refund_succeeded_full")).ProviderPaymentId);
        Assert.Equal(renewal.ProviderPaymentId, DodoTestWebhooks.MapOne(DodoTestWebhooks.Fixture("refund_succeeded_partial")).ProviderPaymentId);
        Assert.Equal(first.ProviderPaymentId, DodoTestWebhooks.MapOne(DodoTestWebhooks.Fixture("dispute_opened")).ProviderPaymentId);
    }

    [Fact]
    public void MappingIsTheSameFromTheInbox()
    {
        var verified = DodoTestWebhooks.Verify(DodoTestWebhooks.Fixture("payment_succeeded_subscription_first"), "msg_inbox");
        var reopened = VerifiedWebhook.FromInbox(verified.Raw, verified.EventId, verified.EventType, verified.LiveMode);

        Assert.Equal(new DodoProvider().Map(verified).Events, new DodoProvider().Map(reopened).Events);
    }
}
