namespace Bridge.Api.Tests.Contract;

/// <summary><c>affiliates.*</c> of @affonso/sdk, request for request.</summary>
public sealed class AffiliatesContractTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    private static string Enc(string id) => SdkWire.EncodeUriComponent(id);

    private static async Task<string> PendingAffiliateAsync(TestTeam team, string tracking)
    {
        var response = await team.Client.PostAsJsonAsync("/v1/affiliates",
            new { name = "Pending " + tracking, email = $"{tracking}@example.com", program_id = team.ProgramId, tracking_id = tracking, partnership_status = "pending" },
            TestContext.Current.CancellationToken);
        return (await ApiAssert.StatusAsync(response, HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();
    }

    [Theory, BothStores]
    public async Task AffiliatesList(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var sdk = new SdkWire(team.App, team.ApiKey);
        var pending = new List<string>();
        for (var i = 0; i < 3; i++)
            pending.Add(await PendingAffiliateAsync(team, $"pend{i}"));

        // affiliates.list({ limit: 2, partnership_status: "pending", expand: "promoCodes,commissionOverrides" }), then
        // OffsetPage.getNextPage() while has_next_page: the same query plus page = pagination.page + 1.
        var baseQuery = new List<(string, object?)> { ("limit", 2), ("partnership_status", "pending"), ("expand", "promoCodes,commissionOverrides") };
        Assert.Equal("?limit=2&partnership_status=pending&expand=promoCodes%2CcommissionOverrides", SdkWire.BuildQueryString(baseQuery));
        var query = baseQuery;
        var seen = new List<string>();
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 5, "pagination does not end");
            var page = await sdk.RequestAsync("GET", "/affiliates", query);
            var pagination = SdkType.OffsetPaginationMeta.AssertShape(page["pagination"]);
            Assert.Equal((pages + 1, 2, 3, 2), (pagination["page"]!.GetValue<int>(), pagination["limit"]!.GetValue<int>(),
                pagination["total"]!.GetValue<int>(), pagination["total_pages"]!.GetValue<int>()));
            foreach (var item in SdkType.Affiliate.AssertArray(page["data"]))
            {
                Assert.Equal("pending", item!["partnership_status"]!.GetValue<string>());
                SdkType.CommissionOverride.AssertArray(item["commissionOverrides"]);
                seen.Add(item["id"]!.GetValue<string>());
            }
            if (!pagination["has_next_page"]!.GetValue<bool>())
                break;
            query = [.. baseQuery, ("page", pagination["page"]!.GetValue<int>() + 1)];
        }
        Assert.Equal(pending.Order(), seen.Order());
    }

    [Theory, BothStores]
    public async Task AffiliatesRetrieve(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var sdk = new SdkWire(team.App, team.ApiKey);
        var overrides = await team.Client.PutAsJsonAsync($"/v1/affiliates/{team.AffiliateId}/commission-overrides",
            new[] { new { name = "VIP rate", amount = 45, is_percentage = true, hold_period_days = 14 } }, TestContext.Current.CancellationToken);
        await ApiAssert.StatusAsync(overrides, HttpStatusCode.OK);

        // affiliates.retrieve(id, { expand: "commissionOverrides" }): expand fields come back under their camelCase names.
        var body = await sdk.RequestAsync("GET", $"/affiliates/{Enc(team.AffiliateId)}", [("expand", "commissionOverrides")]);
        var affiliate = SdkType.Affiliate.AssertShape(body["data"]);
        Assert.Equal((team.AffiliateId, team.TrackingId, "approved"),
            (affiliate["id"]!.GetValue<string>(), affiliate["tracking_id"]!.GetValue<string>(), affiliate["partnership_status"]!.GetValue<string>()));
        var rule = Assert.Single(SdkType.CommissionOverride.AssertArray(affiliate["commissionOverrides"]))!;
        Assert.Equal(("VIP rate", "sale", 45m, 14), (rule["incentive_name"]!.GetValue<string>(), rule["incentive_type"]!.GetValue<string>(),
            rule["amount"]!.GetValue<decimal>(), rule["hold_period_days"]!.GetValue<int>()));
        Assert.False(affiliate.ContainsKey("commission_overrides"));

        var plain = SdkType.Affiliate.AssertShape((await sdk.RequestAsync("GET", $"/affiliates/{Enc(team.AffiliateId)}"))["data"]);
        Assert.False(plain.ContainsKey("commissionOverrides"));
    }

    [Theory, BothStores]
    public async Task AffiliatesCreate(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var sdk = new SdkWire(team.App, team.ApiKey);
        var body = await sdk.RequestAsync("POST", "/affiliates", body: new JsonObject
        {
            ["name"] = "Max",
            ["email"] = "max@test.de",
            ["program_id"] = team.ProgramId,
            ["tracking_id"] = "max-test",
            ["onboarding_completed"] = true,
            ["payout_method"] = "paypal",
            ["payout_details"] = new JsonObject { ["email"] = "max@paypal.de" },
            ["external_user_id"] = "user_max",
            ["metadata"] = new JsonObject { ["crm_id"] = 42 },
        }, expected: HttpStatusCode.Created);
        var affiliate = SdkType.Affiliate.AssertShape(body["data"]);
        Assert.Equal(("Max", "max@test.de", "max-test", team.ProgramId, "user_max"),
            (affiliate["name"]!.GetValue<string>(), affiliate["email"]!.GetValue<string>(), affiliate["tracking_id"]!.GetValue<string>(),
                affiliate["program_id"]!.GetValue<string>(), affiliate["external_user_id"]!.GetValue<string>()));
        Assert.True(affiliate["onboarding_completed"]!.GetValue<bool>());
        Assert.Equal(42, affiliate["metadata"]!["crm_id"]!.GetValue<int>());

        // A second create with the same tracking id: DUPLICATE_ERROR naming the field (errors.ts → DuplicateError).
        var (status, error, _) = await sdk.SendAsync("POST", "/affiliates", body: new JsonObject
        {
            ["name"] = "Other", ["email"] = "other@test.de", ["program_id"] = team.ProgramId, ["tracking_id"] = "max-test",
        });
        Assert.Equal((HttpStatusCode.Conflict, false, "DUPLICATE_ERROR", "tracking_id"),
            (status, error["success"]!.GetValue<bool>(), error["error"]!["code"]!.GetValue<string>(), error["error"]!["field"]!.GetValue<string>()));
    }

    [Theory, BothStores]
    public async Task AffiliatesUpdate(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var sdk = new SdkWire(team.App, team.ApiKey);
        var id = await PendingAffiliateAsync(team, "upd");
        var group = (await ApiAssert.StatusAsync(await team.Client.PostAsJsonAsync("/v1/program/groups", new { name = "G" }, TestContext.Current.CancellationToken),
            HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();
        await sdk.RequestAsync("PUT", $"/affiliates/{Enc(id)}", body: new JsonObject { ["group_id"] = group });

        // affiliates.update(id, { status: "approved", name: "Renamed", group_id: null, external_user_id: "ext_1" }) → PUT;
        // AffiliateUpdateParams calls the partnership status `status`, and null clears group_id.
        var body = await sdk.RequestAsync("PUT", $"/affiliates/{Enc(id)}", body: new JsonObject
        {
            ["status"] = "approved", ["name"] = "Renamed", ["group_id"] = null, ["external_user_id"] = "ext_1",
        });
        var affiliate = SdkType.Affiliate.AssertShape(body["data"]);
        Assert.Equal(("approved", "Renamed", "ext_1"),
            (affiliate["partnership_status"]!.GetValue<string>(), affiliate["name"]!.GetValue<string>(), affiliate["external_user_id"]!.GetValue<string>()));
        Assert.Null(affiliate["group_id"]);
    }

    [Theory, BothStores]
    public async Task AffiliatesDel(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var sdk = new SdkWire(team.App, team.ApiKey);
        var id = await PendingAffiliateAsync(team, "del");
        SdkType.DeleteResponse.AssertShape(await sdk.RequestAsync("DELETE", $"/affiliates/{Enc(id)}"));
        var (status, _, _) = await sdk.SendAsync("GET", $"/affiliates/{Enc(id)}");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}
