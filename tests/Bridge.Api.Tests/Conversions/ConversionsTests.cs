namespace Bridge.Api.Tests.Conversions;

/// <summary>POST /v1/conversions: the conversion object, idempotent replay, identifiers, validation, currencies, overrides.</summary>
public sealed class ConversionsTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    private static readonly string[] ConversionFields =
    [
        "id", "referral_id", "affiliate_id", "program_id", "sale_amount", "sale_amount_currency", "commission_amount", "commission_currency",
        "status", "sales_status", "hold_period_days", "payment_intent_id", "invoice_id", "earning_id", "earning_type", "external_event_id",
        "calculation_mode", "matched_incentive_id", "created_at", "updated_at",
    ];

    [Theory, BothStores]
    public async Task FirstConversionIs201WithTheWholeConversionObject(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync("USD", 30m);
        var referral = await team.LeadAsync();
        var response = await team.PostConversionAsync(new
        {
            referral_id = referral, sale_amount = 99.00m, sale_amount_currency = "USD", external_event_id = "inv_2026_000145",
            product_ids = new[] { "prod_1" }, interval = "monthly", is_subscription = true, metadata = new { plan = "pro" },
        });
        var body = await ApiAssert.StatusAsync(response, HttpStatusCode.Created);
        Assert.True(body["success"]!.GetValue<bool>());
        var data = body["data"]!.AsObject();
        foreach (var field in ConversionFields)
            Assert.True(data.ContainsKey(field), $"{field} is missing in {data.ToJsonString()}");

        Assert.StartsWith("com_", data.Str("id"));
        Assert.Equal($"/v1/commissions/{data.Str("id")}", response.Headers.Location?.OriginalString);
        Assert.Equal((referral, team.AffiliateId, team.ProgramId), (data.Str("referral_id"), data.Str("affiliate_id"), data.Str("program_id")));
        Assert.Equal((99m, "USD", 29.7m, "USD"), (data.Dec("sale_amount"), data.Str("sale_amount_currency"), data.Dec("commission_amount"), data.Str("commission_currency")));
        Assert.Equal("99", data["sale_amount"]!.ToJsonString());
        Assert.Equal("29.7", data["commission_amount"]!.ToJsonString());
        Assert.Equal(("ready_for_payment", "complete"), (data.Str("status"), data.Str("sales_status")));
        Assert.Null(data["hold_period_days"]);
        Assert.Null(data["payment_intent_id"]);
        Assert.Null(data["invoice_id"]);
        Assert.Equal(("direct_commission", "inv_2026_000145", "auto"), (data.Str("earning_type"), data.Str("external_event_id"), data.Str("calculation_mode")));
        Assert.StartsWith("inc_", data.Str("matched_incentive_id"));
        Assert.Equal(data.Str("created_at"), data.Str("updated_at"));
        Assert.EndsWith("Z", data.Str("created_at"));

        // It is also a commission, and the referral became a customer.
        var commission = await team.CommissionAsync(data.Str("id"));
        Assert.Equal((29.7m, "ready_for_payment", "inv_2026_000145"), (commission.Dec("commission_amount"), commission.Str("status"), commission.Str("external_event_id")));
        var referralNow = await team.Client.SendJsonAsync(HttpMethod.Get, $"/v1/referrals/{referral}").DataAsync();
        Assert.Equal("customer", referralNow.Str("status"));
        Assert.NotNull(referralNow["converted_at"]);
    }

    [Theory, BothStores]
    public async Task ReplayWithTheSameExternalEventIdIs200WithTheSameObjectAndCreatesNothing(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var referral = await team.LeadAsync();
        var first = await team.ConvertAsync(referral, 99m, "order_1");
        var replay = await team.PostConversionAsync(new { referral_id = referral, sale_amount = 500m, sale_amount_currency = "USD", external_event_id = "order_1" })
            .DataAsync(HttpStatusCode.OK);
        Assert.Equal(first.ToJsonString(), replay.ToJsonString());
        Assert.Equal((1L, 1L, 1L), (await team.RowsAsync("payments"), await team.RowsAsync("commissions"), await team.RowsAsync("commission_ledger")));
        Assert.Equal(1, (await team.CommissionsAsync())["pagination"]!["total"]!.GetValue<int>());

        // Another key is another conversion.
        var second = await team.ConvertAsync(referral, 10m, "order_2");
        Assert.NotEqual(first.Str("id"), second.Str("id"));
        Assert.Equal(3m, second.Dec("commission_amount"));
        Assert.Equal(2L, await team.RowsAsync("commissions"));
    }

    [Theory, BothStores]
    public async Task EachIdentifierResolvesTheReferral(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var byClick = await team.ClickAsync();
        var byExternalUser = await team.LeadAsync("user@example.com", "user_42");
        var byCustomer = await team.LeadAsync("cust@example.com");

        var clicked = await team.PostConversionAsync(new { click_id = byClick, sale_amount = 10m, sale_amount_currency = "USD", external_event_id = "e_click" })
            .DataAsync(HttpStatusCode.Created);
        Assert.Equal((byClick, 3m), (clicked.Str("referral_id"), clicked.Dec("commission_amount")));

        var external = await team.PostConversionAsync(new { external_user_id = "user_42", sale_amount = 20m, sale_amount_currency = "USD", external_event_id = "e_ext" })
            .DataAsync(HttpStatusCode.Created);
        Assert.Equal(byExternalUser, external.Str("referral_id"));

        // The first conversion carries customer_id; afterwards customer_id alone identifies the referral.
        await team.ConvertAsync(byCustomer, 30m, "e_cus_1", customerId: "cus_777");
        var renewal = await team.PostConversionAsync(new { customer_id = "cus_777", sale_amount = 40m, sale_amount_currency = "USD", external_event_id = "e_cus_2" })
            .DataAsync(HttpStatusCode.Created);
        Assert.Equal((byCustomer, 12m), (renewal.Str("referral_id"), renewal.Dec("commission_amount")));
        Assert.Equal("cus_777", (await team.Client.SendJsonAsync(HttpMethod.Get, $"/v1/referrals/{byCustomer}").DataAsync()).Str("customer_id"));

        // Several identifiers naming the same referral are fine.
        var all = await team.PostConversionAsync(new
        {
            referral_id = byCustomer, click_id = byCustomer, customer_id = "cus_777", sale_amount = 1m, sale_amount_currency = "USD", external_event_id = "e_all",
        }).DataAsync(HttpStatusCode.Created);
        Assert.Equal(byCustomer, all.Str("referral_id"));
        Assert.Equal(5L, await team.RowsAsync("commissions"));
    }

    [Theory, BothStores]
    public async Task IdentifiersNamingDifferentReferralsAre400AndUnknownOnesAre404(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var one = await team.LeadAsync("one@example.com", "user_one");
        var two = await team.LeadAsync("two@example.com");

        Assert.Equal(["referral_id"], await team.PostConversionAsync(new
        {
            referral_id = one, click_id = two, sale_amount = 10m, sale_amount_currency = "USD", external_event_id = "x1",
        }).ValidationPathsAsync());
        Assert.Equal(["referral_id"], await team.PostConversionAsync(new
        {
            referral_id = two, external_user_id = "user_one", sale_amount = 10m, sale_amount_currency = "USD", external_event_id = "x2",
        }).ValidationPathsAsync());

        await team.PostConversionAsync(new { referral_id = "ref_nope", sale_amount = 10m, sale_amount_currency = "USD", external_event_id = "x3" }).NotFoundAsync();
        await team.PostConversionAsync(new { customer_id = "cus_nope", sale_amount = 10m, sale_amount_currency = "USD", external_event_id = "x4" }).NotFoundAsync();
        await team.PostConversionAsync(new { external_user_id = "nobody", sale_amount = 10m, sale_amount_currency = "USD", external_event_id = "x5" }).NotFoundAsync();
        // One known and one unknown external user: not found. A customer id already linked to another referral: 400.
        await team.PostConversionAsync(new { referral_id = one, external_user_id = "nobody", sale_amount = 10m, sale_amount_currency = "USD", external_event_id = "x6" }).NotFoundAsync();
        await team.ConvertAsync(two, 5m, "x_link", customerId: "cus_two");
        Assert.Equal(["referral_id"], await team.PostConversionAsync(new
        {
            referral_id = one, customer_id = "cus_two", sale_amount = 10m, sale_amount_currency = "USD", external_event_id = "x8",
        }).ValidationPathsAsync());

        // Another team's referral is unknown here.
        var other = await team.App.CreateTeamAsync();
        var theirs = await other.LeadAsync();
        await team.PostConversionAsync(new { referral_id = theirs, sale_amount = 10m, sale_amount_currency = "USD", external_event_id = "x7" }).NotFoundAsync();
        Assert.Equal((1L, 0L), (await team.RowsAsync("payments"), await other.RowsAsync("payments")));
    }

    [Theory, BothStores]
    public async Task BadConversionsAre400ValidationErrors(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var referral = await team.LeadAsync();
        var jpy = await team.App.CreateTeamAsync("JPY");
        var jpyReferral = await jpy.LeadAsync();

        Assert.Equal(["referral_id"], await team.PostConversionAsync(new { sale_amount = 10m, sale_amount_currency = "USD", external_event_id = "a" }).ValidationPathsAsync());
        Assert.Equal(["external_event_id"], await team.PostConversionAsync(new { referral_id = referral, sale_amount = 10m, sale_amount_currency = "USD" }).ValidationPathsAsync());
        Assert.Equal(["external_event_id"], await team.PostConversionAsync(new { referral_id = referral, sale_amount = 10m, sale_amount_currency = "USD", external_event_id = " " }).ValidationPathsAsync());
        Assert.Equal(["sale_amount"], await team.PostConversionAsync(new { referral_id = referral, sale_amount = 0m, sale_amount_currency = "USD", external_event_id = "b" }).ValidationPathsAsync());
        Assert.Equal(["sale_amount"], await team.PostConversionAsync(new { referral_id = referral, sale_amount = -5m, sale_amount_currency = "USD", external_event_id = "c" }).ValidationPathsAsync());
        Assert.Equal(["sale_amount"], await team.PostConversionAsync(new { referral_id = referral, sale_amount_currency = "USD", external_event_id = "d" }).ValidationPathsAsync());
        Assert.Equal(["sale_amount"], await team.PostConversionAsync(new { referral_id = referral, sale_amount = 10.555m, sale_amount_currency = "USD", external_event_id = "e" }).ValidationPathsAsync());
        Assert.Equal(["sale_amount"], await jpy.PostConversionAsync(new { referral_id = jpyReferral, sale_amount = 10.5m, sale_amount_currency = "JPY", external_event_id = "f" }).ValidationPathsAsync());
        Assert.Equal(["sale_amount_currency"], await team.PostConversionAsync(new { referral_id = referral, sale_amount = 10m, sale_amount_currency = "DOLLARS", external_event_id = "g" }).ValidationPathsAsync());
        Assert.Equal(["status"], await team.PostConversionAsync(new { referral_id = referral, sale_amount = 10m, sale_amount_currency = "USD", external_event_id = "h", status = "approved" }).ValidationPathsAsync());
        Assert.Equal(["sales_status"], await team.PostConversionAsync(new { referral_id = referral, sale_amount = 10m, sale_amount_currency = "USD", external_event_id = "i", sales_status = "done" }).ValidationPathsAsync());
        Assert.Equal(["interval"], await team.PostConversionAsync(new { referral_id = referral, sale_amount = 10m, sale_amount_currency = "USD", external_event_id = "j", interval = "weekly" }).ValidationPathsAsync());
        Assert.Equal(["external_event_id", "referral_id", "sale_amount"], (await team.PostConversionAsync(new { sale_amount = 0m, sale_amount_currency = "USD" }).ValidationPathsAsync()).Order());
        await ApiAssert.ErrorAsync(await team.Client.SendJsonAsync(HttpMethod.Post, "/v1/conversions", """{"referral_id": 5}"""), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal((0L, 0L), (await team.RowsAsync("payments"), await jpy.RowsAsync("payments")));
    }

    [Theory, BothStores]
    public async Task ZeroAndThreeDecimalCurrenciesAreExactAndRoundingIsHalfAwayFromZero(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var jpy = await app.CreateTeamAsync("JPY", 30m);
        var yen = await jpy.ConvertAsync(await jpy.LeadAsync(), 12345m, currency: "JPY");
        Assert.Equal((12345m, "JPY", 3704m, "JPY"), (yen.Dec("sale_amount"), yen.Str("sale_amount_currency"), yen.Dec("commission_amount"), yen.Str("commission_currency")));
        Assert.Equal(("12345", "3704"), (yen["sale_amount"]!.ToJsonString(), yen["commission_amount"]!.ToJsonString()));

        var kwd = await app.CreateTeamAsync("KWD", 30m);
        var dinar = await kwd.ConvertAsync(await kwd.LeadAsync(), 10.555m, currency: "KWD");
        Assert.Equal((10.555m, 3.167m), (dinar.Dec("sale_amount"), dinar.Dec("commission_amount")));
        Assert.Equal(["sale_amount"], await kwd.PostConversionAsync(new
        {
            referral_id = dinar.Str("referral_id"), sale_amount = 1.0005m, sale_amount_currency = "KWD", external_event_id = "kwd_bad",
        }).ValidationPathsAsync());

        // 30 % of 10.15 USD = 3.045 → 3.05 (banker's rounding would give 3.04); 30 % of 0.05 = 0.015 → 0.02.
        var usd = await app.CreateTeamAsync("USD", 30m);
        var lead = await usd.LeadAsync();
        Assert.Equal(3.05m, (await usd.ConvertAsync(lead, 10.15m)).Dec("commission_amount"));
        Assert.Equal(0.02m, (await usd.ConvertAsync(lead, 0.05m)).Dec("commission_amount"));
        Assert.Equal(10.5m, (await usd.ConvertAsync(lead, 35.00m, currency: "usd")).Dec("commission_amount"));
    }

    [Theory, BothStores]
    public async Task StatusAndSalesStatusOverridesAreKept(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var referral = await team.LeadAsync();
        var manual = await team.PostConversionAsync(new
        {
            referral_id = referral, sale_amount = 50m, sale_amount_currency = "USD", external_event_id = "ov_1", status = "pending_manual_approval", sales_status = "trialing",
        }).DataAsync(HttpStatusCode.Created);
        Assert.Equal((15m, "pending_manual_approval", "trialing"), (manual.Dec("commission_amount"), manual.Str("status"), manual.Str("sales_status")));

        var declined = await team.PostConversionAsync(new
        {
            referral_id = referral, sale_amount = 50m, sale_amount_currency = "USD", external_event_id = "ov_2", status = "declined",
        }).DataAsync(HttpStatusCode.Created);
        Assert.Equal(("declined", "complete"), (declined.Str("status"), declined.Str("sales_status")));

        var stored = await team.CommissionsAsync("?sort=created_at");
        Assert.Equal([(15m, "pending_manual_approval", "trialing"), (15m, "declined", "complete")], stored.Summary());
        // An override is final: the hold sweep leaves it alone.
        await team.App.Get<Bridge.Core.Commissions.HoldRelease>().RunOnceAsync(ConversionKit.Ct);
        Assert.Equal("pending_manual_approval", (await team.CommissionAsync(manual.Str("id"))).Str("status"));
    }
}
