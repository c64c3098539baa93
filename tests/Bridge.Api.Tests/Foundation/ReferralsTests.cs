namespace Bridge.Api.Tests.Foundation;

/// <summary>/v1/referrals: cursor pagination and filters, fetch with expand/include, create, update, delete.</summary>
public sealed class ReferralsTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    private static readonly DateTimeOffset T0 = new(2021, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Seven referrals one hour apart (r[0] oldest) plus a click that must never be listed.</summary>
    private static async Task<(TestTeam Team, List<string> Ids)> SevenReferralsAsync(BridgeApplication app)
    {
        var team = await app.CreateTeamAsync();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
            ids.Add((await team.CreateReferralAsync($"r{i}@example.com", createdAt: T0.AddHours(i))).Str("id"));
        await team.ClickAsync();
        return (team, ids);
    }

    [Theory, BothStores]
    public async Task ListPagesForwardAndBackwardNewestFirstWithoutClicks(StoreKind kind)
    {
        var (team, r) = await SevenReferralsAsync(await apps.GetAsync(kind));

        var all = await team.ListReferralsAsync();
        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => r[i]), all.Ids());
        Assert.False(all["has_more"]!.GetValue<bool>());
        Assert.True(all["success"]!.GetValue<bool>());

        var page1 = await team.ListReferralsAsync("?limit=3");
        Assert.Equal([r[6], r[5], r[4]], page1.Ids());
        Assert.True(page1["has_more"]!.GetValue<bool>());
        var page2 = await team.ListReferralsAsync($"?limit=3&starting_after={r[4]}");
        Assert.Equal([r[3], r[2], r[1]], page2.Ids());
        Assert.True(page2["has_more"]!.GetValue<bool>());
        var page3 = await team.ListReferralsAsync($"?limit=3&starting_after={r[1]}");
        Assert.Equal([r[0]], page3.Ids());
        Assert.False(page3["has_more"]!.GetValue<bool>());

        var back2 = await team.ListReferralsAsync($"?limit=3&ending_before={r[0]}");
        Assert.Equal([r[3], r[2], r[1]], back2.Ids());
        Assert.True(back2["has_more"]!.GetValue<bool>());
        var back1 = await team.ListReferralsAsync($"?limit=3&ending_before={r[3]}");
        Assert.Equal([r[6], r[5], r[4]], back1.Ids());
        Assert.False(back1["has_more"]!.GetValue<bool>());
    }

    [Theory, BothStores]
    public async Task AscendingOrderPagesOldestFirst(StoreKind kind)
    {
        var (team, r) = await SevenReferralsAsync(await apps.GetAsync(kind));
        var page1 = await team.ListReferralsAsync("?order=asc&limit=4");
        Assert.Equal([r[0], r[1], r[2], r[3]], page1.Ids());
        Assert.True(page1["has_more"]!.GetValue<bool>());
        var page2 = await team.ListReferralsAsync($"?order=asc&limit=4&starting_after={r[3]}");
        Assert.Equal([r[4], r[5], r[6]], page2.Ids());
        Assert.False(page2["has_more"]!.GetValue<bool>());
        var back = await team.ListReferralsAsync($"?order=asc&limit=2&ending_before={r[4]}");
        Assert.Equal([r[2], r[3]], back.Ids());
        Assert.True(back["has_more"]!.GetValue<bool>());
    }

    [Theory, BothStores]
    public async Task ListFiltersByAffiliateStatusCreatedRangeAndExternalUserId(StoreKind kind)
    {
        var (team, r) = await SevenReferralsAsync(await apps.GetAsync(kind));
        var other = await team.CreateAffiliateAsync("Other", "other-aff");
        var otherRef = (await team.CreateReferralAsync("o@example.com", other.Str("id"), T0.AddHours(2.5), "customer", "user_99")).Str("id");
        var lead = await team.LeadAsync("signup@example.com", externalUserId: "user_1");

        Assert.Equal([otherRef], (await team.ListReferralsAsync($"?affiliate_id={other.Str("id")}")).Ids());
        Assert.Equal([otherRef], (await team.ListReferralsAsync("?status=customer")).Ids());
        Assert.Equal([otherRef], (await team.ListReferralsAsync("?external_user_id=user_99")).Ids());
        Assert.Equal([lead], (await team.ListReferralsAsync("?external_user_id=user_1")).Ids());
        Assert.Empty((await team.ListReferralsAsync("?status=canceled"))["data"]!.AsArray());

        var range = await team.ListReferralsAsync($"?created_gte={Uri.EscapeDataString(T0.AddHours(2).ToString("O"))}&created_lte={Uri.EscapeDataString(T0.AddHours(4).ToString("O"))}");
        Assert.Equal([r[4], r[3], otherRef, r[2]], range.Ids());
        var dateOnly = await team.ListReferralsAsync("?created_lte=2021-03-01&order=asc");
        Assert.Empty(dateOnly["data"]!.AsArray());
        var combined = await team.ListReferralsAsync($"?affiliate_id={team.AffiliateId}&created_gte=2021-03-01T15:00:00Z&limit=2&order=asc");
        Assert.Equal([r[3], r[4]], combined.Ids());
        Assert.True(combined["has_more"]!.GetValue<bool>());
    }

    [Theory, BothStores]
    public async Task BadListParametersAre400(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        foreach (var (query, field) in new[]
                 {
                     ("?limit=0", "limit"), ("?limit=101", "limit"), ("?limit=ten", "limit"), ("?order=sideways", "order"),
                     ("?status=click", "status"), ("?created_gte=yesterday", "created_gte"), ("?starting_after=a&ending_before=b", "starting_after"),
                 })
        {
            var body = await ApiAssert.ErrorAsync(await team.Client.GetUrlAsync("/v1/referrals" + query), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.Contains(field, body.ErrorPaths());
        }
        await team.ListReferralsAsync("?limit=100&order=desc");
    }

    [Theory, BothStores]
    public async Task ListExpandsTheAffiliate(StoreKind kind)
    {
        var (team, _) = await SevenReferralsAsync(await apps.GetAsync(kind));
        var list = await team.ListReferralsAsync("?limit=2&expand=affiliate");
        Assert.All(list["data"]!.AsArray(), item => Assert.Equal(team.TrackingId, item!["affiliate"].Str("tracking_id")));
        Assert.All((await team.ListReferralsAsync("?limit=2"))["data"]!.AsArray(), item => Assert.False(item!.AsObject().ContainsKey("affiliate")));
        // http.ts sends an array as repeated keys; a comma-separated list works as well.
        foreach (var query in new[] { "?limit=1&expand=stats&expand=affiliate", "?limit=1&expand=stats%2Caffiliate" })
            Assert.Equal(team.AffiliateId, (await team.ListReferralsAsync(query))["data"]![0]!["affiliate"].Str("id"));
    }

    [Theory, BothStores]
    public async Task GetReturnsTheReferralWithExpandedAffiliateAndStats(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var id = await team.LeadAsync("get@example.com");

        var plain = await team.Client.GetUrlAsync($"/v1/referrals/{id}").DataAsync();
        Assert.Equal(id, plain.Str("id"));
        Assert.Equal("get@example.com", plain.Str("email"));
        Assert.False(plain.ContainsKey("affiliate"));
        Assert.False(plain.ContainsKey("stats"));

        var full = await team.Client.GetUrlAsync($"/v1/referrals/{id}?expand=affiliate&include=stats").DataAsync();
        var affiliate = full["affiliate"]!.AsObject();
        Assert.Equal(team.AffiliateId, affiliate.Str("id"));
        Assert.Equal("partner123@example.com", affiliate.Str("email"));
        Assert.Equal("approved", affiliate.Str("partnership_status"));
        var stats = full["stats"]!.AsObject();
        Assert.Equal(0m, stats["total_revenue"]!.GetValue<decimal>());
        Assert.Equal(0m, stats["total_commission"]!.GetValue<decimal>());
        Assert.Equal(0, stats["total_orders"]!.GetValue<long>());
        Assert.Null(stats["last_order_at"]);

        await ApiAssert.ErrorAsync(await team.Client.GetUrlAsync("/v1/referrals/ref_missing"), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory, BothStores]
    public async Task CreateStoresEveryFieldAndSetsConvertedAtOffLead(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var created = await team.Client.PostJsonAsync("/v1/referrals", new
        {
            email = "manual@example.com", affiliate_id = team.AffiliateId, name = "Manual", customer_id = "cus_1", subscription_id = "sub_1",
            status = "customer", metadata = new { plan = "pro", seats = 3 }, created_at = "2026-02-01T08:00:00Z",
        }).DataAsync(HttpStatusCode.Created);
        Assert.StartsWith("ref_", created.Str("id"));
        Assert.Equal(("manual@example.com", "Manual", "cus_1", "sub_1", "customer"),
            (created.Str("email"), created.Str("name"), created.Str("customer_id"), created.Str("subscription_id"), created.Str("status")));
        Assert.Equal("""{"plan":"pro","seats":3}""", created["metadata"]!.ToJsonString());
        Assert.Equal("2026-02-01T08:00:00.000Z", created.Str("created_at"));
        Assert.NotNull(created["converted_at"]);
        Assert.Equal(created.ToJsonString(), (await team.Client.GetUrlAsync($"/v1/referrals/{created.Str("id")}").DataAsync()).ToJsonString());

        var lead = await team.CreateReferralAsync("lead@example.com");
        Assert.Equal("lead", lead.Str("status"));
        Assert.Null(lead["converted_at"]);
    }

    [Theory, BothStores]
    public async Task CreateFromAClickKeepsTheClickId(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var click = await team.ClickAsync();
        var created = await team.Client.PostJsonAsync("/v1/referrals", new { email = "c@example.com", affiliate_id = team.AffiliateId, click_id = click })
            .DataAsync(HttpStatusCode.Created);
        Assert.Equal(click, created.Str("id"));
        Assert.Equal("lead", created.Str("status"));
        var again = await team.Client.PostJsonAsync("/v1/referrals", new { email = "c@example.com", affiliate_id = team.AffiliateId, click_id = click });
        await ApiAssert.ErrorAsync(again, HttpStatusCode.Conflict, "DUPLICATE_ERROR");
    }

    [Theory, BothStores]
    public async Task CreateValidatesAndChecksTheAffiliate(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var invalid = await ApiAssert.ErrorAsync(await team.Client.PostJsonAsync("/v1/referrals", new { name = "x", status = "click", metadata = "text" }),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["affiliate_id", "email", "metadata", "status"], invalid.ErrorPaths().Order());
        await ApiAssert.ErrorAsync(await team.Client.PostJsonAsync("/v1/referrals", new { email = "a@example.com", affiliate_id = "aff_missing" }),
            HttpStatusCode.NotFound, "NOT_FOUND");
        await ApiAssert.ErrorAsync(await team.Client.PostJsonAsync("/v1/referrals", new { email = "a@example.com", affiliate_id = team.AffiliateId, click_id = "ref_missing" }),
            HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory, BothStores]
    public async Task UpdateChangesSentFieldsClearsNullsAndSetsConvertedAtOnce(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var id = (await team.Client.PostJsonAsync("/v1/referrals", new
        {
            email = "u@example.com", affiliate_id = team.AffiliateId, name = "Before", customer_id = "cus_1", metadata = new { a = 1 },
        }).DataAsync(HttpStatusCode.Created)).Str("id");

        var updated = await team.Client.SendAsync(HttpMethod.Put, $"/v1/referrals/{id}",
            """{"name": null, "customer_id": null, "metadata": null, "subscription_id": "sub_9", "status": "trialing"}""").DataAsync();
        Assert.Null(updated["name"]);
        Assert.Null(updated["customer_id"]);
        Assert.Null(updated["metadata"]);
        Assert.Equal("sub_9", updated.Str("subscription_id"));
        Assert.Equal("u@example.com", updated.Str("email"));
        Assert.Equal("trialing", updated.Str("status"));
        var convertedAt = updated.Str("converted_at");

        var later = await team.Client.PutJsonAsync($"/v1/referrals/{id}", new { status = "customer", email = "new@example.com" }).DataAsync();
        Assert.Equal(("customer", "new@example.com", "sub_9"), (later.Str("status"), later.Str("email"), later.Str("subscription_id")));
        Assert.Equal(convertedAt, later.Str("converted_at"));
        Assert.Equal(later.ToJsonString(), (await team.Client.GetUrlAsync($"/v1/referrals/{id}").DataAsync()).ToJsonString());

        var stillLead = await team.Client.PutJsonAsync($"/v1/referrals/{await team.LeadAsync()}", new { name = "Only name" }).DataAsync();
        Assert.Equal("lead", stillLead.Str("status"));
        Assert.Null(stillLead["converted_at"]);
    }

    [Theory, BothStores]
    public async Task UpdateRefusesBadValuesAndUnknownIds(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var id = await team.LeadAsync();
        foreach (var json in new[] { """{"status": null}""", """{"status": "click"}""", """{"email": "nope"}""", """{"metadata": [1]}""" })
            await ApiAssert.ErrorAsync(await team.Client.SendAsync(HttpMethod.Put, $"/v1/referrals/{id}", json), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("lead", (await team.Client.GetUrlAsync($"/v1/referrals/{id}").DataAsync()).Str("status"));
        await ApiAssert.ErrorAsync(await team.Client.PutJsonAsync("/v1/referrals/ref_missing", new { name = "x" }), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory, BothStores]
    public async Task DeleteRemovesTheReferralFromFetchListAndFurtherDeletes(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var keep = await team.LeadAsync("keep@example.com");
        var gone = await team.LeadAsync("gone@example.com");
        var body = await ApiAssert.StatusAsync(await team.Client.DeleteUrlAsync($"/v1/referrals/{gone}"), HttpStatusCode.OK);
        Assert.True(body["success"]!.GetValue<bool>());
        Assert.False(string.IsNullOrWhiteSpace(body.Str("message")));
        await ApiAssert.ErrorAsync(await team.Client.GetUrlAsync($"/v1/referrals/{gone}"), HttpStatusCode.NotFound, "NOT_FOUND");
        await ApiAssert.ErrorAsync(await team.Client.DeleteUrlAsync($"/v1/referrals/{gone}"), HttpStatusCode.NotFound, "NOT_FOUND");
        await ApiAssert.ErrorAsync(await team.Client.PutJsonAsync($"/v1/referrals/{gone}", new { name = "x" }), HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal([keep], (await team.ListReferralsAsync()).Ids());
    }
}
