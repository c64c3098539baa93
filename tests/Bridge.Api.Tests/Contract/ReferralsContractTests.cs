namespace Bridge.Api.Tests.Contract;

/// <summary><c>referrals.*</c> of @affonso/sdk, request for request.</summary>
public sealed class ReferralsContractTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    private static string Enc(string id) => SdkWire.EncodeUriComponent(id);

    [Theory, BothStores]
    public async Task ReferralsList(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var sdk = new SdkWire(team.App, team.ApiKey);
        var made = new List<string>();
        for (var i = 0; i < 5; i++)
            made.Add(await team.LeadAsync($"lead{i}@example.com"));
        await team.ClickAsync();

        // referrals.list({ limit: 2, status: "lead", expand: "affiliate" }), then CursorPage.getNextPage() until has_more is false:
        // the same query plus starting_after = the last item's id.
        var query = new List<(string, object?)> { ("limit", 2), ("status", "lead"), ("expand", "affiliate") };
        var seen = new List<string>();
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 5, "pagination does not end");
            var page = await sdk.RequestAsync("GET", "/referrals", query);
            var data = SdkType.Referral.AssertArray(page["data"]);
            Assert.True(page["has_more"] is JsonValue hasMore && hasMore.GetValueKind() is JsonValueKind.True or JsonValueKind.False, "has_more must be a boolean");
            foreach (var item in data)
            {
                Assert.Equal("lead", item!["status"]!.GetValue<string>());
                Assert.Equal(team.AffiliateId, item["affiliate"]!["id"]!.GetValue<string>());
                seen.Add(item["id"]!.GetValue<string>());
            }
            if (!page["has_more"]!.GetValue<bool>() || data.Count == 0)
                break;
            query = [("limit", 2), ("status", "lead"), ("expand", "affiliate"), ("starting_after", seen[^1])];
        }
        Assert.Equal(Enumerable.Reverse(made), seen);
    }

    [Theory, BothStores]
    public async Task ReferralsRetrieve(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var sdk = new SdkWire(team.App, team.ApiKey);
        var id = await team.LeadAsync("retrieve@example.com");
        // referrals.retrieve(id, { expand: "affiliate", include: "stats" }) → ?expand=affiliate&include=stats
        var body = await sdk.RequestAsync("GET", $"/referrals/{Enc(id)}", [("expand", "affiliate"), ("include", "stats")]);
        var referral = SdkType.Referral.AssertShape(body["data"]);
        Assert.Equal((id, "retrieve@example.com", "lead"), (referral["id"]!.GetValue<string>(), referral["email"]!.GetValue<string>(), referral["status"]!.GetValue<string>()));
        SdkType.Affiliate.AssertShape(referral["affiliate"]);
        var stats = SdkType.ReferralStats.AssertShape(referral["stats"]);
        Assert.Equal(0, stats["total_orders"]!.GetValue<int>());

        // retrieve(id) without params sends no query and gets neither extra.
        var plain = SdkType.Referral.AssertShape((await sdk.RequestAsync("GET", $"/referrals/{Enc(id)}"))["data"]);
        Assert.False(plain.ContainsKey("affiliate") || plain.ContainsKey("stats"));
    }

    [Theory, BothStores]
    public async Task ReferralsCreate(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var sdk = new SdkWire(team.App, team.ApiKey);
        var click = await team.ClickAsync();
        var body = await sdk.RequestAsync("POST", "/referrals", body: new JsonObject
        {
            ["email"] = "new@test.de",
            ["affiliate_id"] = team.AffiliateId,
            ["click_id"] = click,
            ["customer_id"] = "cus_1",
            ["name"] = "New Customer",
            ["metadata"] = new JsonObject { ["source"] = "import" },
        }, expected: HttpStatusCode.Created);
        var referral = SdkType.Referral.AssertShape(body["data"]);
        Assert.Equal((click, "new@test.de", "cus_1", "New Customer", "lead"),
            (referral["id"]!.GetValue<string>(), referral["email"]!.GetValue<string>(), referral["customer_id"]!.GetValue<string>(),
                referral["name"]!.GetValue<string>(), referral["status"]!.GetValue<string>()));
        Assert.Equal("import", referral["metadata"]!["source"]!.GetValue<string>());
    }

    [Theory, BothStores]
    public async Task ReferralsUpdate(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var sdk = new SdkWire(team.App, team.ApiKey);
        var id = await team.LeadAsync();
        // referrals.update(id, { status: "customer", customer_id: "cus_123" }) → PUT
        var body = await sdk.RequestAsync("PUT", $"/referrals/{Enc(id)}", body: new JsonObject { ["status"] = "customer", ["customer_id"] = "cus_123" });
        var referral = SdkType.Referral.AssertShape(body["data"]);
        Assert.Equal(("customer", "cus_123"), (referral["status"]!.GetValue<string>(), referral["customer_id"]!.GetValue<string>()));
        Assert.NotNull(referral["converted_at"]);
    }

    [Theory, BothStores]
    public async Task ReferralsDel(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var sdk = new SdkWire(team.App, team.ApiKey);
        var id = await team.LeadAsync();
        // del returns { success, message } with 200, not 204.
        var body = await sdk.RequestAsync("DELETE", $"/referrals/{Enc(id)}");
        SdkType.DeleteResponse.AssertShape(body);
        var (status, error, _) = await sdk.SendAsync("GET", $"/referrals/{Enc(id)}");
        Assert.Equal((HttpStatusCode.NotFound, "NOT_FOUND"), (status, error["error"]!["code"]!.GetValue<string>()));
    }
}
