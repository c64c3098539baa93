namespace Bridge.Api.Tests.Contract;

/// <summary>
/// <c>commissions.*</c> of @affonso/sdk 0.2.0 (<c>src/resources/commissions.ts</c>), request for request: list (GET with the
/// params object as query, then <c>OffsetPage.getNextPage</c>), retrieve (GET <c>/commissions/{encodeURIComponent(id)}</c>),
/// create (POST, body = params), update (PUT, body = params), del (DELETE, no body).
/// </summary>
public sealed class CommissionsContractTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    /// <summary><c>interface Commission</c> of commissions.ts (the expandables are optional and not listed).</summary>
    public static readonly SdkType Commission = new("Commission",
        ("id", Ts.String), ("referral_id", Ts.String), ("affiliate_id", Ts.StringOrNull), ("program_id", Ts.StringOrNull), ("sale_amount", Ts.Number),
        ("sale_amount_currency", Ts.String), ("commission_amount", Ts.Number), ("commission_currency", Ts.String), ("status", Ts.String),
        ("sales_status", Ts.String), ("hold_period_days", Ts.NumberOrNull), ("payment_intent_id", Ts.StringOrNull), ("invoice_id", Ts.StringOrNull),
        ("created_at", Ts.Instant), ("updated_at", Ts.Instant), ("earning_id", Ts.StringOrNull), ("earning_type", Ts.StringOrNull));

    private static readonly string[] CommissionStatuses =
        ["pending", "pending_manual_approval", "ready_for_payment", "processing_payout", "paid", "declined", "refunded", "dispute"];

    private static readonly string[] SalesStatuses = ["open", "complete", "trialing", "failed", "refunded", "partial_refunded"];

    private static string Enc(string id) => SdkWire.EncodeUriComponent(id);

    /// <summary>Commission plus the SDK's <c>CommissionStatus</c>/<c>SalesStatus</c> unions.</summary>
    private static JsonObject AssertCommission(JsonNode? node)
    {
        var commission = Commission.AssertShape(node);
        Assert.Contains(commission["status"]!.GetValue<string>(), CommissionStatuses);
        Assert.Contains(commission["sales_status"]!.GetValue<string>(), SalesStatuses);
        return commission;
    }

    private static async Task<string> ConversionAsync(TestTeam team, string referral, decimal amount)
    {
        var response = await team.Client.PostAsJsonAsync("/v1/conversions",
            new { referral_id = referral, sale_amount = amount, sale_amount_currency = "USD", external_event_id = $"inv_{Guid.NewGuid():N}" }, TestContext.Current.CancellationToken);
        return (await ApiAssert.StatusAsync(response, HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();
    }

    [Theory, BothStores]
    public async Task CommissionsList(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync("USD", 30m);
        var sdk = new SdkWire(team.App, team.ApiKey);
        var referral = await team.LeadAsync();
        var ready = new List<string>();
        foreach (var amount in new[] { 10m, 20m, 30m })
            ready.Add(await ConversionAsync(team, referral, amount));
        var declined = await ConversionAsync(team, referral, 40m);
        await team.Client.PutAsJsonAsync($"/v1/commissions/{declined}", new { status = "declined" }, TestContext.Current.CancellationToken);
        await ConversionAsync(team, await team.LeadAsync("other@example.com"), 50m);

        // commissions.list({ limit: 2, status: "ready_for_payment", sales_status: "complete", referral_id, affiliate_id,
        // sort: "-created_at", dateFrom, dateTo }) — keys in the params object's order — then getNextPage() adds page.
        var from = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        var to = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        var baseQuery = new List<(string, object?)>
        {
            ("limit", 2), ("status", "ready_for_payment"), ("sales_status", "complete"), ("referral_id", referral), ("affiliate_id", team.AffiliateId),
            ("sort", "-created_at"), ("dateFrom", from), ("dateTo", to),
        };
        Assert.Contains("&dateFrom=" + from.Replace(":", "%3A"), SdkWire.BuildQueryString(baseQuery));
        var query = baseQuery;
        var seen = new List<string>();
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 5, "pagination does not end");
            var page = await sdk.RequestAsync("GET", "/commissions", query);
            var pagination = SdkType.OffsetPaginationMeta.AssertShape(page["pagination"]);
            Assert.Equal((pages + 1, 2, 3, 2, pages == 0, pages > 0), (pagination["page"]!.GetValue<int>(), pagination["limit"]!.GetValue<int>(),
                pagination["total"]!.GetValue<int>(), pagination["total_pages"]!.GetValue<int>(), pagination["has_next_page"]!.GetValue<bool>(),
                pagination["has_prev_page"]!.GetValue<bool>()));
            foreach (var item in page["data"]!.AsArray())
            {
                var commission = AssertCommission(item);
                Assert.Equal(("ready_for_payment", "complete", referral, team.AffiliateId), (commission["status"]!.GetValue<string>(),
                    commission["sales_status"]!.GetValue<string>(), commission["referral_id"]!.GetValue<string>(), commission["affiliate_id"]!.GetValue<string>()));
                seen.Add(commission["id"]!.GetValue<string>());
            }
            if (!pagination["has_next_page"]!.GetValue<bool>())
                break;
            query = [.. baseQuery, ("page", pagination["page"]!.GetValue<int>() + 1)];
        }
        Assert.Equal(Enumerable.Reverse(ready), seen);

        // commissions.list() with no params: GET /commissions (buildQueryString of {} is "").
        var all = await sdk.RequestAsync("GET", "/commissions", []);
        Assert.Equal(5, all["pagination"]!["total"]!.GetValue<int>());
        Assert.Equal([15m, 12m, 9m, 6m, 3m], Commission.AssertArray(all["data"]).Select(c => c!["commission_amount"]!.GetValue<decimal>()));
        Assert.All(all["data"]!.AsArray(), c => Assert.False(c!.AsObject().ContainsKey("affiliate") || c.AsObject().ContainsKey("referral")));

        // The README's commissions.list({ expand: "affiliate,referral" }): the optional Commission.affiliate / .referral.
        var expanded = await sdk.RequestAsync("GET", "/commissions", [("expand", "affiliate,referral")]);
        foreach (var item in Commission.AssertArray(expanded["data"]))
        {
            var affiliate = SdkType.Affiliate.AssertShape(item!["affiliate"]);
            var referralObject = SdkType.Referral.AssertShape(item["referral"]);
            Assert.Equal((item["affiliate_id"]!.GetValue<string>(), item["referral_id"]!.GetValue<string>()),
                (affiliate["id"]!.GetValue<string>(), referralObject["id"]!.GetValue<string>()));
            Assert.False(item.AsObject().ContainsKey("affiliate_program"));
        }
    }

    [Theory, BothStores]
    public async Task CommissionsRetrieve(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync("USD", 30m);
        var sdk = new SdkWire(team.App, team.ApiKey);
        var referral = await team.LeadAsync();
        var id = await ConversionAsync(team, referral, 99m);

        // commissions.retrieve(id) and commissions.retrieve(id, { expand: "referral" }).
        var commission = AssertCommission((await sdk.RequestAsync("GET", $"/commissions/{Enc(id)}"))["data"]);
        Assert.Equal((id, referral, team.AffiliateId, team.ProgramId, 99m, "USD", 29.7m, "USD", "ready_for_payment", "complete", "direct_commission"),
            (commission["id"]!.GetValue<string>(), commission["referral_id"]!.GetValue<string>(), commission["affiliate_id"]!.GetValue<string>(),
                commission["program_id"]!.GetValue<string>(), commission["sale_amount"]!.GetValue<decimal>(), commission["sale_amount_currency"]!.GetValue<string>(),
                commission["commission_amount"]!.GetValue<decimal>(), commission["commission_currency"]!.GetValue<string>(), commission["status"]!.GetValue<string>(),
                commission["sales_status"]!.GetValue<string>(), commission["earning_type"]!.GetValue<string>()));
        // retrieve(id, { expand: "affiliate,affiliate_program,referral" }) (CommissionExpand): each an object, the one the ids name.
        var expanded = AssertCommission((await sdk.RequestAsync("GET", $"/commissions/{Enc(id)}", [("expand", "affiliate,affiliate_program,referral")]))["data"]);
        Assert.Equal((id, team.AffiliateId, team.ProgramId, referral), (expanded["id"]!.GetValue<string>(), SdkType.Affiliate.AssertShape(expanded["affiliate"])["id"]!.GetValue<string>(),
            Assert.IsType<JsonObject>(expanded["affiliate_program"])["id"]!.GetValue<string>(), SdkType.Referral.AssertShape(expanded["referral"])["id"]!.GetValue<string>()));
        var onlyReferral = AssertCommission((await sdk.RequestAsync("GET", $"/commissions/{Enc(id)}", [("expand", "referral")]))["data"]);
        Assert.Equal(("customer", false), (onlyReferral["referral"]!["status"]!.GetValue<string>(), onlyReferral.ContainsKey("affiliate")));

        // NotFoundError: 404 with code NOT_FOUND.
        var (status, error, _) = await sdk.SendAsync("GET", $"/commissions/{Enc("com_does not/exist")}");
        Assert.Equal((HttpStatusCode.NotFound, false, "NOT_FOUND"), (status, error["success"]!.GetValue<bool>(), error["error"]!["code"]!.GetValue<string>()));
    }

    [Theory, BothStores]
    public async Task CommissionsCreate(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var sdk = new SdkWire(team.App, team.ApiKey);
        var referral = await team.LeadAsync();

        // The SDK's own test: create({ referral_id, sale_amount: 99, sale_amount_currency: "USD", commission_amount: 9.9, commission_currency: "USD" }).
        var body = await sdk.RequestAsync("POST", "/commissions", body: new JsonObject
        {
            ["referral_id"] = referral, ["sale_amount"] = 99, ["sale_amount_currency"] = "USD", ["commission_amount"] = 9.9, ["commission_currency"] = "USD",
        }, expected: HttpStatusCode.Created);
        var commission = AssertCommission(body["data"]);
        Assert.Equal((referral, 99m, 9.9m, "pending", "complete"), (commission["referral_id"]!.GetValue<string>(), commission["sale_amount"]!.GetValue<decimal>(),
            commission["commission_amount"]!.GetValue<decimal>(), commission["status"]!.GetValue<string>(), commission["sales_status"]!.GetValue<string>()));

        // Every optional field of CommissionCreateParams.
        var full = AssertCommission((await sdk.RequestAsync("POST", "/commissions", body: new JsonObject
        {
            ["referral_id"] = referral, ["sale_amount"] = 250.5, ["sale_amount_currency"] = "EUR", ["commission_amount"] = 25.05, ["commission_currency"] = "EUR",
            ["is_subscription"] = true, ["status"] = "ready_for_payment", ["sales_status"] = "open", ["payment_intent_id"] = "pi_3Nx",
            ["hold_period_days"] = 30, ["created_at"] = "2025-01-01T00:00:00.000Z",
        }, expected: HttpStatusCode.Created))["data"]);
        Assert.Equal((250.5m, "EUR", 25.05m, "EUR", "ready_for_payment", "open", "pi_3Nx", 30, "2025-01-01T00:00:00.000Z"),
            (full["sale_amount"]!.GetValue<decimal>(), full["sale_amount_currency"]!.GetValue<string>(), full["commission_amount"]!.GetValue<decimal>(),
                full["commission_currency"]!.GetValue<string>(), full["status"]!.GetValue<string>(), full["sales_status"]!.GetValue<string>(),
                full["payment_intent_id"]!.GetValue<string>(), full["hold_period_days"]!.GetValue<int>(), full["created_at"]!.GetValue<string>()));

        // ValidationError: 400 VALIDATION_ERROR naming the field.
        var (status, error, _) = await sdk.SendAsync("POST", "/commissions", body: new JsonObject
        {
            ["referral_id"] = referral, ["sale_amount"] = 0, ["sale_amount_currency"] = "USD", ["commission_amount"] = 1, ["commission_currency"] = "USD",
        });
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION_ERROR", "sale_amount"),
            (status, error["error"]!["code"]!.GetValue<string>(), error["error"]!["field"]!.GetValue<string>()));
    }

    [Theory, BothStores]
    public async Task CommissionsUpdate(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync("USD", 30m);
        var sdk = new SdkWire(team.App, team.ApiKey);
        var id = await ConversionAsync(team, await team.LeadAsync(), 99m);
        await team.Client.PutAsJsonAsync($"/v1/commissions/{id}", new { status = "pending" }, TestContext.Current.CancellationToken);

        // The SDK's own test: update(id, { status: "ready_for_payment", hold_period_days: 30 }) → PUT.
        var updated = AssertCommission((await sdk.RequestAsync("PUT", $"/commissions/{Enc(id)}",
            body: new JsonObject { ["status"] = "ready_for_payment", ["hold_period_days"] = 30 }))["data"]);
        Assert.Equal(("ready_for_payment", 30, 29.7m), (updated["status"]!.GetValue<string>(), updated["hold_period_days"]!.GetValue<int>(),
            updated["commission_amount"]!.GetValue<decimal>()));

        // Every field of CommissionUpdateParams.
        var all = AssertCommission((await sdk.RequestAsync("PUT", $"/commissions/{Enc(id)}", body: new JsonObject
        {
            ["status"] = "paid", ["sales_status"] = "partial_refunded", ["hold_period_days"] = 0, ["sale_amount"] = 49.5, ["sale_amount_currency"] = "USD",
            ["commission_amount"] = 14.85, ["commission_currency"] = "USD",
        }))["data"]);
        Assert.Equal(("paid", "partial_refunded", 0, 49.5m, 14.85m), (all["status"]!.GetValue<string>(), all["sales_status"]!.GetValue<string>(),
            all["hold_period_days"]!.GetValue<int>(), all["sale_amount"]!.GetValue<decimal>(), all["commission_amount"]!.GetValue<decimal>()));

        var (status, error, _) = await sdk.SendAsync("PUT", $"/commissions/{Enc("com_missing")}", body: new JsonObject { ["status"] = "paid" });
        Assert.Equal((HttpStatusCode.NotFound, "NOT_FOUND"), (status, error["error"]!["code"]!.GetValue<string>()));
    }

    [Theory, BothStores]
    public async Task CommissionsDel(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var sdk = new SdkWire(team.App, team.ApiKey);
        var id = await ConversionAsync(team, await team.LeadAsync(), 10m);

        // del(id): DELETE with Content-Type: application/json and no body; DeleteResponse { success: true, message }.
        SdkType.DeleteResponse.AssertShape(await sdk.RequestAsync("DELETE", $"/commissions/{Enc(id)}"));
        var (status, error, _) = await sdk.SendAsync("GET", $"/commissions/{Enc(id)}");
        Assert.Equal((HttpStatusCode.NotFound, "NOT_FOUND"), (status, error["error"]!["code"]!.GetValue<string>()));
        var (again, _, _) = await sdk.SendAsync("DELETE", $"/commissions/{Enc(id)}");
        Assert.Equal(HttpStatusCode.NotFound, again);
    }
}
