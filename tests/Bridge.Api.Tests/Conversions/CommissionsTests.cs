namespace Bridge.Api.Tests.Conversions;

/// <summary>/v1/commissions: filtered offset-paginated list, fetch, ledger, manual create, update, delete, and team isolation.</summary>
public sealed class CommissionsTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    private static readonly DateTimeOffset Day = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));

    private static int Total(JsonObject page) => page["pagination"]!["total"]!.GetValue<int>();

    [Theory, BothStores]
    public async Task ManualCommissionIs201WithDefaultsPendingAndComplete(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var referral = await team.LeadAsync();
        var response = await team.Client.SendJsonAsync(HttpMethod.Post, "/v1/commissions", new { referral_id = referral, sale_amount = 49.99m, commission_amount = 9.99m });
        var created = await Task.FromResult(response).DataAsync(HttpStatusCode.Created);
        Assert.Equal($"/v1/commissions/{created.Str("id")}", response.Headers.Location?.OriginalString);
        Assert.StartsWith("com_", created.Str("id"));
        Assert.Equal((referral, team.AffiliateId, team.ProgramId), (created.Str("referral_id"), created.Str("affiliate_id"), created.Str("program_id")));
        Assert.Equal((49.99m, "USD", 9.99m, "USD"), (created.Dec("sale_amount"), created.Str("sale_amount_currency"), created.Dec("commission_amount"), created.Str("commission_currency")));
        Assert.Equal(("pending", "complete", "manual", "manual"), (created.Str("status"), created.Str("sales_status"), created.Str("earning_type"), created.Str("calculation_mode")));
        Assert.Null(created["hold_period_days"]);
        Assert.Null(created["payment_intent_id"]);
        Assert.Equal(created.ToJsonString(), (await team.CommissionAsync(created.Str("id"))).ToJsonString());

        var full = await team.ManualCommissionAsync(new
        {
            referral_id = referral, sale_amount = 1000m, sale_amount_currency = "JPY", commission_amount = 150m, commission_currency = "JPY", is_subscription = true,
            status = "ready_for_payment", sales_status = "open", payment_intent_id = "pi_123", hold_period_days = 14, created_at = Day.ToString("O"),
        });
        Assert.Equal((1000m, "JPY", 150m, "JPY"), (full.Dec("sale_amount"), full.Str("sale_amount_currency"), full.Dec("commission_amount"), full.Str("commission_currency")));
        Assert.Equal(("ready_for_payment", "open", "pi_123", 14), (full.Str("status"), full.Str("sales_status"), full.Str("payment_intent_id"), full["hold_period_days"]!.GetValue<int>()));
        Assert.Equal("2025-03-01T12:00:00.000Z", full.Str("created_at"));
        Assert.Equal(0m, (await team.ManualCommissionAsync(new { referral_id = referral, sale_amount = 1m, commission_amount = 0m })).Dec("commission_amount"));

        var ledger = Assert.Single(await team.LedgerAsync(created.Str("id")))!;
        Assert.Equal(("manual", 49.99m, 9.99m, "pending", "complete"),
            (ledger.Str("cause"), ledger.Dec("sale_delta"), ledger.Dec("commission_delta"), ledger.Str("status_after"), ledger.Str("sales_status_after")));
    }

    [Theory, BothStores]
    public async Task BadManualCommissionsAre400AndAnUnknownReferral404(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var referral = await team.LeadAsync();
        Assert.Equal(["referral_id"], await team.Client.SendJsonAsync(HttpMethod.Post, "/v1/commissions", new { sale_amount = 1m, commission_amount = 1m }).ValidationPathsAsync());
        Assert.Equal(["sale_amount"], await team.Client.SendJsonAsync(HttpMethod.Post, "/v1/commissions", new { referral_id = referral, sale_amount = 0m, commission_amount = 1m }).ValidationPathsAsync());
        Assert.Equal(["commission_amount"], await team.Client.SendJsonAsync(HttpMethod.Post, "/v1/commissions", new { referral_id = referral, sale_amount = 1m, commission_amount = -1m }).ValidationPathsAsync());
        Assert.Equal(["commission_amount"], await team.Client.SendJsonAsync(HttpMethod.Post, "/v1/commissions", new { referral_id = referral, sale_amount = 1m }).ValidationPathsAsync());
        Assert.Equal(["sale_amount"], await team.Client.SendJsonAsync(HttpMethod.Post, "/v1/commissions", new { referral_id = referral, sale_amount = 1.001m, commission_amount = 1m }).ValidationPathsAsync());
        Assert.Equal(["commission_amount"], await team.Client.SendJsonAsync(HttpMethod.Post, "/v1/commissions",
            new { referral_id = referral, sale_amount = 100m, sale_amount_currency = "JPY", commission_amount = 1.5m, commission_currency = "JPY" }).ValidationPathsAsync());
        Assert.Equal(["status"], await team.Client.SendJsonAsync(HttpMethod.Post, "/v1/commissions", new { referral_id = referral, sale_amount = 1m, commission_amount = 1m, status = "approved" }).ValidationPathsAsync());
        Assert.Equal(["hold_period_days"], await team.Client.SendJsonAsync(HttpMethod.Post, "/v1/commissions", new { referral_id = referral, sale_amount = 1m, commission_amount = 1m, hold_period_days = -1 }).ValidationPathsAsync());
        await team.Client.SendJsonAsync(HttpMethod.Post, "/v1/commissions", new { referral_id = "ref_nope", sale_amount = 1m, commission_amount = 1m }).NotFoundAsync();
        Assert.Equal(0L, await team.RowsAsync("commissions"));
    }

    [Theory, BothStores]
    public async Task UpdateChangesAmountsAndStatusesWithAManualUpdateLedgerRow(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync("USD", 20m);
        var id = (await team.ConvertAsync(await team.LeadAsync(), 99m, "upd_1")).Str("id");

        // The documented manual refund: PUT the new amounts and sales status.
        var updated = await team.PutCommissionAsync(id, new { sale_amount = 49.50m, commission_amount = 9.90m, sales_status = "partial_refunded" });
        Assert.Equal((49.5m, 9.9m, "partial_refunded", "ready_for_payment"), (updated.Dec("sale_amount"), updated.Dec("commission_amount"), updated.Str("sales_status"), updated.Str("status")));
        var paid = await team.PutCommissionAsync(id, new { status = "paid", hold_period_days = 30 });
        Assert.Equal(("paid", 30, 9.9m, "partial_refunded"), (paid.Str("status"), paid["hold_period_days"]!.GetValue<int>(), paid.Dec("commission_amount"), paid.Str("sales_status")));
        Assert.Equal(paid.ToJsonString(), (await team.CommissionAsync(id)).ToJsonString());

        var ledger = await team.LedgerAsync(id);
        Assert.Equal([("payment", 99m, 19.8m, "ready_for_payment", "complete"), ("manual_update", -49.5m, -9.9m, "ready_for_payment", "partial_refunded"),
                ("manual_update", 0m, 0m, "paid", "partial_refunded")],
            ledger.Select(e => (e.Str("cause"), e.Dec("sale_delta"), e.Dec("commission_delta"), e.Str("status_after"), e.Str("sales_status_after"))));
        Assert.Equal("upd_1", ledger[0].Str("cause_event_id"));
        Assert.All(ledger, e => Assert.StartsWith("led_", e.Str("id")));

        Assert.Equal(["status"], await team.Client.SendJsonAsync(HttpMethod.Put, $"/v1/commissions/{id}", new { status = "approved" }).ValidationPathsAsync());
        Assert.Equal(["sales_status"], await team.Client.SendJsonAsync(HttpMethod.Put, $"/v1/commissions/{id}", new { sales_status = "done" }).ValidationPathsAsync());
        Assert.Equal(["commission_amount"], await team.Client.SendJsonAsync(HttpMethod.Put, $"/v1/commissions/{id}", new { commission_amount = 1.234m }).ValidationPathsAsync());
        Assert.Equal(["sale_amount"], await team.Client.SendJsonAsync(HttpMethod.Put, $"/v1/commissions/{id}", new { sale_amount = -1m }).ValidationPathsAsync());
        Assert.Equal(["commission_amount"], await team.Client.SendJsonAsync(HttpMethod.Put, $"/v1/commissions/{id}", new { commission_amount = -1m }).ValidationPathsAsync());
        Assert.Equal(3, (await team.LedgerAsync(id)).Count);
        Assert.Equal(9.9m, (await team.CommissionAsync(id)).Dec("commission_amount"));
        await team.Client.SendJsonAsync(HttpMethod.Put, "/v1/commissions/com_nope", new { status = "paid" }).NotFoundAsync();
    }

    [Theory, BothStores]
    public async Task DeleteRemovesTheCommissionThen404(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var referral = await team.LeadAsync();
        var keep = await team.ManualCommissionAsync(new { referral_id = referral, sale_amount = 10m, commission_amount = 1m });
        var gone = await team.ManualCommissionAsync(new { referral_id = referral, sale_amount = 20m, commission_amount = 2m });

        var deleted = await team.Client.SendJsonAsync(HttpMethod.Delete, $"/v1/commissions/{gone.Str("id")}").BodyAsync();
        Assert.False(string.IsNullOrWhiteSpace(deleted.Str("message")));
        Assert.Null(deleted["data"]);
        await team.Client.SendJsonAsync(HttpMethod.Get, $"/v1/commissions/{gone.Str("id")}").NotFoundAsync();
        await team.Client.SendJsonAsync(HttpMethod.Get, $"/v1/commissions/{gone.Str("id")}/ledger").NotFoundAsync();
        await team.Client.SendJsonAsync(HttpMethod.Put, $"/v1/commissions/{gone.Str("id")}", new { status = "paid" }).NotFoundAsync();
        await team.Client.SendJsonAsync(HttpMethod.Delete, $"/v1/commissions/{gone.Str("id")}").NotFoundAsync();
        await team.Client.SendJsonAsync(HttpMethod.Delete, "/v1/commissions/com_nope").NotFoundAsync();
        Assert.Equal([keep.Str("id")], (await team.CommissionsAsync()).Ids());
        Assert.Equal(1, Total(await team.CommissionsAsync($"?referral_id={referral}")));
    }

    [Theory, BothStores]
    public async Task EveryByIdRouteIs404ForAnotherTeamsCommission(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var owner = await app.CreateTeamAsync();
        var stranger = await app.CreateTeamAsync();
        var id = (await owner.ConvertAsync(await owner.LeadAsync(), 99m)).Str("id");

        await stranger.Client.SendJsonAsync(HttpMethod.Get, $"/v1/commissions/{id}").NotFoundAsync();
        await stranger.Client.SendJsonAsync(HttpMethod.Get, $"/v1/commissions/{id}/ledger").NotFoundAsync();
        await stranger.Client.SendJsonAsync(HttpMethod.Put, $"/v1/commissions/{id}", new { status = "paid", commission_amount = 0m }).NotFoundAsync();
        await stranger.Client.SendJsonAsync(HttpMethod.Delete, $"/v1/commissions/{id}").NotFoundAsync();
        await stranger.RefundAsync(id).NotFoundAsync();
        Assert.Empty((await stranger.CommissionsAsync())["data"]!.AsArray());
        Assert.Equal(0, Total(await stranger.CommissionsAsync($"?referral_id={(await owner.CommissionAsync(id)).Str("referral_id")}")));

        var untouched = await owner.CommissionAsync(id);
        Assert.Equal((29.7m, "ready_for_payment", "complete"), (untouched.Dec("commission_amount"), untouched.Str("status"), untouched.Str("sales_status")));
        Assert.Single(await owner.LedgerAsync(id));
    }

    [Theory, BothStores]
    public async Task EachRouteNeedsItsCommissionsScope(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var referral = await team.LeadAsync();
        var id = (await team.ConvertAsync(referral, 10m)).Str("id");
        async Task<HttpClient> With(params string[] scopes) =>
            app.ClientWithKey((await app.Get<Bridge.Core.ApiKeys.ApiKeyStore>().CreateAsync(team.TeamId, "scoped", scopes, null, ConversionKit.Ct)).PlainText);

        var reader = await With(Bridge.Core.ApiKeys.ApiKeyScopes.ReadCommissions);
        Assert.Equal(id, (await reader.SendJsonAsync(HttpMethod.Get, $"/v1/commissions/{id}").DataAsync()).Str("id"));
        await reader.SendJsonAsync(HttpMethod.Get, $"/v1/commissions/{id}/ledger").BodyAsync();
        foreach (var (method, url, body) in new (HttpMethod, string, object?)[]
                 {
                     (HttpMethod.Post, "/v1/conversions", new { referral_id = referral, sale_amount = 1m, sale_amount_currency = "USD", external_event_id = "s1" }),
                     (HttpMethod.Post, $"/v1/conversions/{id}/refund", null),
                     (HttpMethod.Post, "/v1/events", new { event_name = "m", referral_id = referral }),
                     (HttpMethod.Post, "/v1/commissions", new { referral_id = referral, sale_amount = 1m, commission_amount = 1m }),
                     (HttpMethod.Put, $"/v1/commissions/{id}", new { status = "paid" }),
                     (HttpMethod.Delete, $"/v1/commissions/{id}", null),
                 })
            await ApiAssert.ErrorAsync(await reader.SendJsonAsync(method, url, body), HttpStatusCode.Forbidden, "INSUFFICIENT_PERMISSIONS");

        var writer = await With(Bridge.Core.ApiKeys.ApiKeyScopes.WriteCommissions);
        await ApiAssert.ErrorAsync(await writer.SendJsonAsync(HttpMethod.Get, "/v1/commissions"), HttpStatusCode.Forbidden, "INSUFFICIENT_PERMISSIONS");
        await ApiAssert.ErrorAsync(await writer.SendJsonAsync(HttpMethod.Delete, $"/v1/commissions/{id}"), HttpStatusCode.Forbidden, "INSUFFICIENT_PERMISSIONS");
        Assert.Equal("paid", (await writer.SendJsonAsync(HttpMethod.Put, $"/v1/commissions/{id}", new { status = "paid" }).DataAsync()).Str("status"));
        await (await With(Bridge.Core.ApiKeys.ApiKeyScopes.DeleteCommissions)).SendJsonAsync(HttpMethod.Delete, $"/v1/commissions/{id}").BodyAsync();
        Assert.Equal((1L, 3L), (await team.RowsAsync("payments"), await team.RowsAsync("commission_ledger")));
    }

    [Theory, BothStores]
    public async Task ListFiltersByStatusSalesStatusReferralAffiliateAndDates(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var mine = await team.LeadAsync("mine@example.com");
        var otherAffiliate = (await team.Client.SendJsonAsync(HttpMethod.Post, "/v1/affiliates",
            new { name = "Other", email = "other-aff@example.com", program_id = team.ProgramId, tracking_id = "other-aff", partnership_status = "approved" })
            .DataAsync(HttpStatusCode.Created)).Str("id");
        var theirs = (await team.Client.SendJsonAsync(HttpMethod.Post, "/v1/referrals", new { email = "theirs@example.com", affiliate_id = otherAffiliate })
            .DataAsync(HttpStatusCode.Created)).Str("id");

        async Task<string> Make(string referral, int day, string status, string salesStatus, decimal amount) =>
            (await team.ManualCommissionAsync(new
            {
                referral_id = referral, sale_amount = 100m, commission_amount = amount, status, sales_status = salesStatus, created_at = Day.AddDays(day).ToString("O"),
            })).Str("id");
        var a = await Make(mine, 0, "pending", "complete", 1m);
        var b = await Make(mine, 1, "paid", "complete", 2m);
        var c = await Make(mine, 2, "paid", "refunded", 3m);
        var d = await Make(theirs, 3, "pending", "partial_refunded", 4m);
        var e = await Make(theirs, 4, "declined", "complete", 5m);

        Assert.Equal([e, d, c, b, a], (await team.CommissionsAsync()).Ids());
        Assert.Equal([d, a], (await team.CommissionsAsync("?status=pending")).Ids());
        Assert.Equal([c, b], (await team.CommissionsAsync("?status=paid")).Ids());
        Assert.Equal([e, b, a], (await team.CommissionsAsync("?sales_status=complete")).Ids());
        Assert.Equal([c], (await team.CommissionsAsync("?status=paid&sales_status=refunded")).Ids());
        Assert.Equal([c, b, a], (await team.CommissionsAsync($"?referral_id={mine}")).Ids());
        Assert.Equal([c, b, a], (await team.CommissionsAsync($"?affiliate_id={team.AffiliateId}")).Ids());
        Assert.Equal([e, d], (await team.CommissionsAsync($"?affiliate_id={otherAffiliate}")).Ids());
        Assert.Equal([d], (await team.CommissionsAsync($"?affiliate_id={otherAffiliate}&status=pending")).Ids());
        Assert.Equal([d, c, b], (await team.CommissionsAsync($"?dateFrom={Iso(Day.AddDays(1))}&dateTo={Iso(Day.AddDays(3))}")).Ids());
        Assert.Equal([e, d], (await team.CommissionsAsync($"?dateFrom={Iso(Day.AddDays(2).AddSeconds(1))}")).Ids());
        Assert.Equal([a], (await team.CommissionsAsync($"?dateTo={Iso(Day.AddHours(1))}")).Ids());
        Assert.Equal([b, a], (await team.CommissionsAsync("?dateTo=2025-03-02T12:00:00%2B00:00")).Ids());
        Assert.Empty((await team.CommissionsAsync("?referral_id=ref_nope"))["data"]!.AsArray());
        Assert.Empty((await team.CommissionsAsync("?status=refunded"))["data"]!.AsArray());

        Assert.Equal(["status"], await team.Client.SendJsonAsync(HttpMethod.Get, "/v1/commissions?status=approved").ValidationPathsAsync());
        Assert.Equal(["sales_status"], await team.Client.SendJsonAsync(HttpMethod.Get, "/v1/commissions?sales_status=done").ValidationPathsAsync());
        Assert.Equal(["dateFrom"], await team.Client.SendJsonAsync(HttpMethod.Get, "/v1/commissions?dateFrom=yesterday").ValidationPathsAsync());
    }

    [Theory, BothStores]
    public async Task ListIsOffsetPaginatedAndSorted(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var referral = await team.LeadAsync();
        var amounts = new[] { 5m, 1m, 4m, 2m, 3m };
        var ids = new List<string>();
        for (var i = 0; i < amounts.Length; i++)
            ids.Add((await team.ManualCommissionAsync(new { referral_id = referral, sale_amount = 100m, commission_amount = amounts[i], created_at = Day.AddMinutes(i).ToString("O") })).Str("id"));

        var first = await team.CommissionsAsync("?limit=2");
        Assert.Equal([ids[4], ids[3]], first.Ids());
        var pagination = first["pagination"]!;
        Assert.Equal((1, 2, 5, 3, true, false), (pagination["page"]!.GetValue<int>(), pagination["limit"]!.GetValue<int>(), pagination["total"]!.GetValue<int>(),
            pagination["total_pages"]!.GetValue<int>(), pagination["has_next_page"]!.GetValue<bool>(), pagination["has_prev_page"]!.GetValue<bool>()));
        var middle = await team.CommissionsAsync("?limit=2&page=2");
        Assert.Equal([ids[2], ids[1]], middle.Ids());
        Assert.Equal((true, true), (middle["pagination"]!["has_next_page"]!.GetValue<bool>(), middle["pagination"]!["has_prev_page"]!.GetValue<bool>()));
        var last = await team.CommissionsAsync("?limit=2&page=3");
        Assert.Equal([ids[0]], last.Ids());
        Assert.Equal((false, true), (last["pagination"]!["has_next_page"]!.GetValue<bool>(), last["pagination"]!["has_prev_page"]!.GetValue<bool>()));
        var beyond = await team.CommissionsAsync("?limit=2&page=4");
        Assert.Empty(beyond["data"]!.AsArray());
        Assert.Equal(5, Total(beyond));
        var defaults = (await team.CommissionsAsync())["pagination"]!;
        Assert.Equal((1, 10, 1), (defaults["page"]!.GetValue<int>(), defaults["limit"]!.GetValue<int>(), defaults["total_pages"]!.GetValue<int>()));

        Assert.Equal(ids, (await team.CommissionsAsync("?sort=created_at")).Ids());
        Assert.Equal(Enumerable.Reverse(ids), (await team.CommissionsAsync("?sort=-created_at")).Ids());
        Assert.Equal([1m, 2m, 3m, 4m, 5m], (await team.CommissionsAsync("?sort=commission_amount")).Summary().Select(c => c.Amount));
        Assert.Equal([5m, 4m, 3m], (await team.CommissionsAsync("?sort=-commission_amount&limit=3")).Summary().Select(c => c.Amount));

        Assert.Equal(["sort"], await team.Client.SendJsonAsync(HttpMethod.Get, "/v1/commissions?sort=amount").ValidationPathsAsync());
        Assert.Equal(["limit"], await team.Client.SendJsonAsync(HttpMethod.Get, "/v1/commissions?limit=0").ValidationPathsAsync());
        Assert.Equal(["limit"], await team.Client.SendJsonAsync(HttpMethod.Get, "/v1/commissions?limit=101").ValidationPathsAsync());
        Assert.Equal(["page"], await team.Client.SendJsonAsync(HttpMethod.Get, "/v1/commissions?page=0").ValidationPathsAsync());
        Assert.Equal(5, (await team.CommissionsAsync("?limit=100"))["data"]!.AsArray().Count);
    }

    [Theory, BothStores]
    public async Task TheLedgerHasOneRowPerChangeWithItsCause(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync("USD", 30m);
        var id = (await team.ConvertAsync(await team.LeadAsync(), 99m, "led_sale")).Str("id");
        await team.RefundAsync(id, new { amount = 49.50m, external_event_id = "led_refund" }).DataAsync();
        await team.PutCommissionAsync(id, new { status = "paid" });
        await team.RefundAsync(id, new { external_event_id = "led_refund_2" }).DataAsync();

        var ledger = await team.LedgerAsync(id);
        Assert.Equal([("payment", "led_sale", 29.7m, "ready_for_payment", "complete"), ("refund", "led_refund", -14.85m, "ready_for_payment", "partial_refunded"),
                ("manual_update", null, 0m, "paid", "partial_refunded")],
            ledger.Select(e => (e.Str("cause"), e.StrOrNull("cause_event_id"), e.Dec("commission_delta"), e.Str("status_after"), e.Str("sales_status_after"))));
        Assert.All(ledger, e => Assert.False(string.IsNullOrWhiteSpace(e.Str("note"))));
        Assert.Equal(14.85m, ledger.Sum(e => e.Dec("commission_delta")));
        Assert.Equal(14.85m, (await team.CommissionAsync(id)).Dec("commission_amount"));

        // The refund after payout is a clawback with its own ledger.
        var clawback = (await team.CommissionsAsync("?sort=commission_amount&limit=1"))["data"]![0]!;
        Assert.Equal((id, -14.85m), (clawback.Str("adjusts_commission_id"), clawback.Dec("commission_amount")));
        var clawbackRow = Assert.Single(await team.LedgerAsync(clawback.Str("id")))!;
        Assert.Equal(("refund", "led_refund_2", -14.85m, -49.5m), (clawbackRow.Str("cause"), clawbackRow.Str("cause_event_id"), clawbackRow.Dec("commission_delta"), clawbackRow.Dec("sale_delta")));
    }
}
