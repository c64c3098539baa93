namespace Bridge.Api.Tests.Conversions;

/// <summary>POST /v1/events: conversion (as /v1/conversions), lead, trial and milestone.</summary>
public sealed class EventsTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    private static async Task<string> ReferralStatusAsync(TestTeam team, string id) =>
        (await team.Client.SendJsonAsync(HttpMethod.Get, $"/v1/referrals/{id}").DataAsync()).Str("status");

    [Theory, BothStores]
    public async Task AConversionEventBehavesLikePostConversions(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync("USD", 30m);
        var referral = await team.LeadAsync("buyer@example.com", "user_buyer");
        var response = await team.PostEventAsync(new
        {
            event_name = "purchase", event_type = "conversion", external_user_id = "user_buyer", external_event_id = "evt_sale_1",
            sale_amount = 99m, sale_amount_currency = "USD", interval = "yearly", is_subscription = true,
        });
        var created = await Task.FromResult(response).DataAsync(HttpStatusCode.Created);
        Assert.Equal((referral, 99m, 29.7m, "ready_for_payment", "complete", "evt_sale_1"),
            (created.Str("referral_id"), created.Dec("sale_amount"), created.Dec("commission_amount"), created.Str("status"), created.Str("sales_status"), created.Str("external_event_id")));
        Assert.StartsWith("com_", created.Str("id"));

        // Same key again: 200 with the same object, nothing new — through /v1/events or /v1/conversions.
        var replay = await team.PostEventAsync(new
        {
            event_name = "purchase", event_type = "conversion", referral_id = referral, external_event_id = "evt_sale_1", sale_amount = 99m, sale_amount_currency = "USD",
        }).DataAsync();
        Assert.Equal(created.ToJsonString(), replay.ToJsonString());
        var viaConversions = await team.PostConversionAsync(new { referral_id = referral, external_event_id = "evt_sale_1", sale_amount = 99m, sale_amount_currency = "USD" })
            .DataAsync();
        Assert.Equal(created.Str("id"), viaConversions.Str("id"));
        Assert.Equal(1L, await team.RowsAsync("commissions"));

        // Without event_type, a sale amount makes it a conversion; the refund endpoint takes its id.
        var implicitSale = await team.PostEventAsync(new
        {
            event_name = "renewal", referral_id = referral, external_event_id = "evt_sale_2", sale_amount = 10m, sale_amount_currency = "USD",
        }).DataAsync(HttpStatusCode.Created);
        Assert.Equal(3m, implicitSale.Dec("commission_amount"));
        Assert.Equal(1.5m, (await team.RefundAsync(implicitSale.Str("id"), new { amount = 5m }).DataAsync()).Dec("commission_amount"));
    }

    [Theory, BothStores]
    public async Task ConversionEventsAreValidatedLikeConversions(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var referral = await team.LeadAsync();
        Assert.Equal(["external_event_id"], await team.PostEventAsync(new
        {
            event_name = "purchase", event_type = "conversion", referral_id = referral, sale_amount = 10m, sale_amount_currency = "USD",
        }).ValidationPathsAsync());
        Assert.Equal(["sale_amount"], await team.PostEventAsync(new
        {
            event_name = "purchase", event_type = "conversion", referral_id = referral, external_event_id = "e1", sale_amount_currency = "USD",
        }).ValidationPathsAsync());
        Assert.Equal(["sale_amount"], await team.PostEventAsync(new
        {
            event_name = "purchase", event_type = "conversion", referral_id = referral, external_event_id = "e2", sale_amount = 1.999m, sale_amount_currency = "USD",
        }).ValidationPathsAsync());
        Assert.Equal(["sale_amount_currency"], await team.PostEventAsync(new
        {
            event_name = "purchase", event_type = "conversion", referral_id = referral, external_event_id = "e3", sale_amount = 1m,
        }).ValidationPathsAsync());
        Assert.Equal(["event_name"], await team.PostEventAsync(new { event_type = "milestone", referral_id = referral }).ValidationPathsAsync());
        Assert.Equal(["event_type"], await team.PostEventAsync(new { event_name = "x", event_type = "purchase", referral_id = referral }).ValidationPathsAsync());
        Assert.Equal(["referral_id"], await team.PostEventAsync(new { event_name = "x", event_type = "milestone" }).ValidationPathsAsync());
        await team.PostEventAsync(new { event_name = "purchase", event_type = "conversion", referral_id = "ref_nope", external_event_id = "e4", sale_amount = 1m, sale_amount_currency = "USD" })
            .NotFoundAsync();
        Assert.Equal(0L, await team.RowsAsync("payments"));
    }

    [Theory, BothStores]
    public async Task ALeadEventSignsAClickUp(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var click = await team.ClickAsync();
        var result = await team.PostEventAsync(new { event_name = "signed_up", event_type = "lead", click_id = click, email = "new@example.com", name = "New Person" })
            .DataAsync();
        Assert.StartsWith("evt_", result.Str("id"));
        Assert.Equal(("signed_up", "lead", click, "lead", "processed"),
            (result.Str("event_name"), result.Str("event_type"), result.Str("referral_id"), result.Str("referral_status"), result.Str("status")));
        var referral = await team.Client.SendJsonAsync(HttpMethod.Get, $"/v1/referrals/{click}").DataAsync();
        Assert.Equal(("lead", "new@example.com", "New Person"), (referral.Str("status"), referral.Str("email"), referral.Str("name")));

        // A lead again is acknowledged without change.
        var again = await team.PostEventAsync(new { event_name = "signed_up", event_type = "lead", referral_id = click, email = "other@example.com" }).DataAsync();
        Assert.Equal("lead", again.Str("referral_status"));
        Assert.Equal("new@example.com", (await team.Client.SendJsonAsync(HttpMethod.Get, $"/v1/referrals/{click}").DataAsync()).Str("email"));

        // A click needs an e-mail or external user id to become a lead, and the e-mail must be one.
        var bare = await team.ClickAsync();
        Assert.Equal(["email"], await team.PostEventAsync(new { event_name = "signed_up", event_type = "lead", click_id = bare }).ValidationPathsAsync());
        Assert.Equal(["email"], await team.PostEventAsync(new { event_name = "signed_up", event_type = "lead", click_id = bare, email = "not-an-email" }).ValidationPathsAsync());
        await team.PostEventAsync(new { event_name = "signed_up", event_type = "lead", click_id = "ref_nope", email = "a@example.com" }).NotFoundAsync();
    }

    [Theory, BothStores]
    public async Task ALeadEventCanCarryTheExternalUserIdOfTheNewLead(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var click = await team.ClickAsync();
        var result = await team.PostEventAsync(new { event_name = "signed_up", event_type = "lead", click_id = click, external_user_id = "user_new" }).DataAsync();
        Assert.Equal((click, "lead"), (result.Str("referral_id"), result.Str("referral_status")));

        // The external user id now identifies the referral for later events and conversions.
        var trial = await team.PostEventAsync(new { event_name = "trial_started", event_type = "trial", external_user_id = "user_new" }).DataAsync();
        Assert.Equal((click, "trialing"), (trial.Str("referral_id"), trial.Str("referral_status")));
        var sale = await team.PostConversionAsync(new { external_user_id = "user_new", sale_amount = 10m, sale_amount_currency = "USD", external_event_id = "s1" })
            .DataAsync(HttpStatusCode.Created);
        Assert.Equal(click, sale.Str("referral_id"));
    }

    [Theory, BothStores]
    public async Task ATrialEventMovesALeadToTrialing(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var lead = await team.LeadAsync("trial@example.com", "user_trial");
        var result = await team.PostEventAsync(new { event_name = "trial_started", event_type = "trial", external_user_id = "user_trial", external_event_id = "t1" }).DataAsync();
        Assert.Equal((lead, "trial", "trialing"), (result.Str("referral_id"), result.Str("event_type"), result.Str("referral_status")));
        Assert.Equal("trialing", await ReferralStatusAsync(team, lead));

        // A customer is not moved back to trialing.
        var customer = await team.LeadAsync("paid@example.com");
        await team.ConvertAsync(customer, 10m);
        var late = await team.PostEventAsync(new { event_name = "trial_started", event_type = "trial", referral_id = customer }).DataAsync();
        Assert.Equal("customer", late.Str("referral_status"));
        Assert.Equal("customer", await ReferralStatusAsync(team, customer));
    }

    [Theory, BothStores]
    public async Task AMilestoneIsAcknowledgedWithoutChangingTheReferral(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var lead = await team.LeadAsync("m@example.com");
        var result = await team.PostEventAsync(new { event_name = "onboarding_done", event_type = "milestone", referral_id = lead, metadata = new { step = 3 } }).DataAsync();
        Assert.Equal(("onboarding_done", "milestone", lead, "lead", "processed"),
            (result.Str("event_name"), result.Str("event_type"), result.Str("referral_id"), result.Str("referral_status"), result.Str("status")));
        // Without event_type and sale_amount it is a milestone too.
        Assert.Equal("milestone", (await team.PostEventAsync(new { event_name = "visited_pricing", referral_id = lead }).DataAsync()).Str("event_type"));
        Assert.Equal("lead", await ReferralStatusAsync(team, lead));
        Assert.Equal((0L, 0L), (await team.RowsAsync("payments"), await team.RowsAsync("commissions")));
        await team.PostEventAsync(new { event_name = "x", event_type = "milestone", customer_id = "cus_unknown" }).NotFoundAsync();
    }
}
