using System.Text.Json.Nodes;

namespace Bridge.Providers.Tests.Stripe;

/// <summary>Mapping cases the fixtures do not show, made by editing fixture bodies.</summary>
public sealed class StripeMappingTests
{
    private const string OneTimeSession = "initial_one_time.checkout.session.completed";
    private const string SubscriptionSession = "initial_subscription.checkout.session.completed";
    private const string FirstInvoice = "initial_subscription.invoice.paid";
    private const string RefundCreated = "refund_partial.refund.created";
    private const string ChargeRefunded = "refund_partial.charge.refunded";
    private const string Dispute = "dispute.charge.dispute.created";

    private static PaymentEvent Session(Action<JsonObject> edit) => StripeTestKit.MapOne(StripeTestKit.EditObject(OneTimeSession, edit));

    private static string FailureOf(string fixture, Action<JsonObject> edit)
    {
        var mapping = StripeTestKit.Map(StripeTestKit.EditObject(fixture, edit));
        Assert.Empty(mapping.Events);
        return Assert.IsType<string>(mapping.Error);
    }

    [Fact]
    public void SetupModeSessionIsIgnored()
    {
        var payment = Session(session => { session["mode"] = "setup"; session["payment_intent"] = null; session["setup_intent"] = "seti_1"; });
        Assert.Equal(PaymentKind.Ignored, payment.Kind);
        Assert.Contains("setup mode collects no payment", payment.IgnoredReason);
    }

    [Fact]
    public void SessionThatRequiredNoPaymentIsIgnored()
    {
        var payment = StripeTestKit.MapOne(StripeTestKit.EditObject(SubscriptionSession, session =>
        {
            session["payment_status"] = "no_payment_required";
            session["amount_total"] = 0;
        }));
        Assert.Equal(PaymentKind.Ignored, payment.Kind);
        Assert.Contains("no payment was required", payment.IgnoredReason);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1721948610), payment.OccurredAt);
    }

    [Fact]
    public void ClientReferenceIdAloneIsBothClickIdAndExternalUserId()
    {
        var payment = Session(session => session["metadata"] = new JsonObject());
        Assert.Equal(("user_42", "user_42"), (payment.Attribution.ClickId, payment.Attribution.ExternalUserId));
    }

    [Fact]
    public void MetadataClickIdAndUserIdWinOverClientReferenceId()
    {
        var payment = Session(session => session["metadata"] = new JsonObject { ["click_id"] = "clk_meta", ["userId"] = "u_meta" });
        Assert.Equal(("clk_meta", "u_meta"), (payment.Attribution.ClickId, payment.Attribution.ExternalUserId));
    }

    [Fact]
    public void AffonsoReferralWinsOverClickIdAndExternalUserIdIsRead()
    {
        var payment = Session(session =>
        {
            session["metadata"] = new JsonObject { ["click_id"] = "clk_other", ["affonso_referral"] = "clk_first", ["external_user_id"] = "ext_9" };
            session["client_reference_id"] = null;
        });
        Assert.Equal(("clk_first", "ext_9"), (payment.Attribution.ClickId, payment.Attribution.ExternalUserId));
    }

    [Fact]
    public void SessionWithoutHintsHasNoAttributionButCustomerEmail()
    {
        var payment = Session(session =>
        {
            session["metadata"] = new JsonObject();
            session["client_reference_id"] = null;
            session["customer_details"] = null;
            session["customer_email"] = "buyer@example.com";
        });
        Assert.Equal(new AttributionHints(null, null, "buyer@example.com"), payment.Attribution);
    }

    [Fact]
    public void GuestSessionHasNoCustomer()
    {
        var payment = Session(session => session["customer"] = null);
        Assert.Equal(PaymentKind.Initial, payment.Kind);
        Assert.Null(payment.CustomerId);
    }

    [Fact]
    public void SessionWithUnknownPaymentStatusIsIgnored()
    {
        var payment = Session(session => session["payment_status"] = "processing");
        Assert.Equal(PaymentKind.Ignored, payment.Kind);
        Assert.Contains("payment_status 'processing' is not paid", payment.IgnoredReason);
    }

    [Fact]
    public void PaymentModeSessionWithoutPaymentIntentFails() =>
        Assert.Equal("checkout.session.completed: data.object.payment_intent is missing", FailureOf(OneTimeSession, session => session["payment_intent"] = null));

    [Fact]
    public void SubscriptionSessionWithoutInvoiceFails() =>
        Assert.Equal("checkout.session.completed: data.object.invoice is missing", FailureOf(SubscriptionSession, session => session["invoice"] = null));

    [Fact]
    public void SessionWithoutAmountFails() =>
        Assert.Equal("checkout.session.completed: data.object.amount_total is missing", FailureOf(OneTimeSession, session => session.Remove("amount_total")));

    [Fact]
    public void ExpandedPaymentIntentIsReadById()
    {
        var payment = Session(session => session["payment_intent"] = new JsonObject { ["id"] = "pi_expanded", ["object"] = "payment_intent" });
        Assert.Equal("pi_expanded", payment.ProviderPaymentId);
    }

    [Theory]
    [InlineData("subscription_update", PaymentKind.Renewal)]
    [InlineData("subscription_threshold", PaymentKind.Renewal)]
    [InlineData("subscription", PaymentKind.Renewal)]
    [InlineData("manual", PaymentKind.SubscriptionPayment)]
    [InlineData(null, PaymentKind.SubscriptionPayment)]
    public void InvoiceBillingReasonDecidesTheKind(string? billingReason, PaymentKind kind)
    {
        var payment = StripeTestKit.MapOne(StripeTestKit.EditObject(FirstInvoice, invoice => invoice["billing_reason"] = billingReason));
        Assert.Equal(kind, payment.Kind);
        Assert.Equal("in_1Pgc6tB7WZ01zgkWu9fdqL6I", payment.ProviderPaymentId);
    }

    [Fact]
    public void InvoiceWithoutSubscriptionIsIgnored()
    {
        var payment = StripeTestKit.MapOne(StripeTestKit.EditObject(FirstInvoice, invoice => invoice["parent"] = null));
        Assert.Equal(PaymentKind.Ignored, payment.Kind);
        Assert.Contains("is not for a subscription", payment.IgnoredReason);
    }

    [Fact]
    public void InvoiceWithoutAmountPaidFails() =>
        Assert.Equal("invoice.paid: data.object.amount_paid is missing", FailureOf(FirstInvoice, invoice => invoice.Remove("amount_paid")));

    [Fact]
    public void InvoiceMetadataUserIdIsTheExternalUserId()
    {
        var payment = StripeTestKit.MapOne(StripeTestKit.EditObject(FirstInvoice, invoice =>
            invoice["parent"]!["subscription_details"]!["metadata"] = new JsonObject { ["userId"] = "user_42" }));
        Assert.Equal(new AttributionHints(null, "user_42", null), payment.Attribution);
    }

    [Fact]
    public void ExpandedInvoicePaymentsBecomeAliases()
    {
        var payment = StripeTestKit.MapOne(StripeTestKit.EditObject(FirstInvoice, invoice => invoice["payments"] = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject
            {
                ["id"] = "inpay_1",
                ["object"] = "invoice_payment",
                ["payment"] = new JsonObject { ["type"] = "payment_intent", ["payment_intent"] = "pi_basil_1" },
            }),
        }));
        Assert.Equal(["pi_basil_1"], payment.PaymentAliases);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("requires_action")]
    public void UnfinishedRefundIsNotCountedYet(string status)
    {
        var payment = StripeTestKit.MapOne(StripeTestKit.EditObject(RefundCreated, refund => refund["status"] = status));
        Assert.Equal(PaymentKind.Ignored, payment.Kind);
        Assert.Equal($"refund re_1Pgc72B7WZ01zgkWqPvrRrPE is {status}; it is counted once it has succeeded", payment.IgnoredReason);
    }

    [Theory]
    [InlineData("refund.updated", "failed")]
    [InlineData("refund.updated", "canceled")]
    [InlineData("refund.failed", "failed")]
    public void FailedOrCanceledRefundIsIgnoredAndNotReversed(string eventType, string status)
    {
        var body = StripeTestKit.Edit(RefundCreated, root =>
        {
            root["type"] = eventType;
            root["data"]!["object"]!["status"] = status;
        });
        var payment = StripeTestKit.MapOne(body);
        Assert.Equal(PaymentKind.Ignored, payment.Kind);
        Assert.Contains("a refund that was already counted is not reversed", payment.IgnoredReason);
    }

    [Fact]
    public void SucceededRefundUpdateIsARefund()
    {
        var payment = StripeTestKit.MapOne(StripeTestKit.Edit(RefundCreated, root => root["type"] = "refund.updated"));
        Assert.Equal((PaymentKind.Refund, "re_1Pgc72B7WZ01zgkWqPvrRrPE", 500L), (payment.Kind, payment.RefundId, payment.AmountMinor));
    }

    [Fact]
    public void RefundWithoutPaymentIntentNamesTheCharge()
    {
        var payment = StripeTestKit.MapOne(StripeTestKit.EditObject(RefundCreated, refund => refund["payment_intent"] = null));
        Assert.Equal("ch_1PgafuB7WZ01zgkWXYmPNZs8", payment.ProviderPaymentId);
        Assert.Empty(payment.PaymentAliases);
    }

    [Fact]
    public void ChargeRefundWithoutPaymentIntentNamesTheCharge()
    {
        var payment = StripeTestKit.MapOne(StripeTestKit.EditObject(ChargeRefunded, charge => charge["payment_intent"] = null));
        Assert.Equal(("ch_1PgafuB7WZ01zgkWXYmPNZs8", 500L, 500L), (payment.ProviderPaymentId, payment.AmountMinor, payment.CumulativeRefundedMinor));
        Assert.Null(payment.RefundId);
    }

    [Fact]
    public void ChargeRefundWithoutAmountRefundedFails() =>
        Assert.Equal("charge.refunded: data.object.amount_refunded is missing", FailureOf(ChargeRefunded, charge => charge.Remove("amount_refunded")));

    [Fact]
    public void DisputeWithoutPaymentIntentNamesTheCharge()
    {
        var payment = StripeTestKit.MapOne(StripeTestKit.EditObject(Dispute, dispute => dispute["payment_intent"] = null));
        Assert.Equal((PaymentKind.Dispute, "ch_1PgafuB7WZ01zgkWXYmPNZs8", 1000L), (payment.Kind, payment.ProviderPaymentId, payment.AmountMinor));
    }

    [Fact]
    public void HandledEventWithoutDataObjectFails()
    {
        var mapping = StripeTestKit.Map(StripeTestKit.Edit(FirstInvoice, root => root.Remove("data")));
        Assert.Equal("invoice.paid event has no data.object", mapping.Error);
    }

    [Theory]
    [InlineData("charge.dispute.closed")]
    [InlineData("payment_intent.succeeded")]
    [InlineData("checkout.session.async_payment_failed")]
    [InlineData("customer.subscription.created")]
    public void OtherEventTypesAreIgnored(string eventType)
    {
        var payment = StripeTestKit.MapOne(StripeTestKit.Edit(OneTimeSession, root => root["type"] = eventType));
        Assert.Equal(PaymentKind.Ignored, payment.Kind);
        Assert.Equal($"event type {eventType} is not a payment event", payment.IgnoredReason);
        Assert.Equal("evt_1Pgc76B7WZ01zgkWwyRHS12y", payment.ProviderEventId);
    }
}
