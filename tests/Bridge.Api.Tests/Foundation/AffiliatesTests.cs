namespace Bridge.Api.Tests.Foundation;

/// <summary>/v1/affiliates: CRUD, offset pagination, duplicates.</summary>
public sealed class AffiliatesTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    [Theory, BothStores]
    public async Task CreateReturnsTheAffiliateAndGetReadsItBack(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var response = await team.Client.PostJsonAsync("/v1/affiliates", new
        {
            name = " Max Muster ", email = "max@example.com", program_id = team.ProgramId, tracking_id = "max-m",
            external_user_id = "u_max", onboarding_completed = true, metadata = new { tier = "gold" },
        });
        var created = (await ApiAssert.StatusAsync(response, HttpStatusCode.Created))["data"]!.AsObject();
        var id = created.Str("id");
        Assert.StartsWith("aff_", id);
        Assert.Equal($"/v1/affiliates/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("Max Muster", "max@example.com", "max-m", "approved", team.ProgramId, "u_max"),
            (created.Str("name"), created.Str("email"), created.Str("tracking_id"), created.Str("partnership_status"), created.Str("program_id"), created.Str("external_user_id")));
        Assert.True(created["onboarding_completed"]!.GetValue<bool>());
        Assert.Null(created["group_id"]);
        Assert.Equal("""{"tier":"gold"}""", created["metadata"]!.ToJsonString());
        Assert.Equal(created.ToJsonString(), (await team.Client.GetUrlAsync($"/v1/affiliates/{id}").DataAsync()).ToJsonString());

        // Without a tracking id one is generated from the name.
        var generated = await team.CreateAffiliateAsync("Zoë Example");
        Assert.Matches("^zoexample[0-9a-f]{4}$", generated.Str("tracking_id"));
    }

    [Theory, BothStores]
    public async Task CreateValidatesRequiredFieldsAndTheProgram(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var body = await ApiAssert.ErrorAsync(await team.Client.PostJsonAsync("/v1/affiliates", new { tracking_id = "bad id!", partnership_status = "maybe" }),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["email", "name", "partnership_status", "program_id", "tracking_id"], body.ErrorPaths().Order());
        await ApiAssert.ErrorAsync(await team.Client.PostJsonAsync("/v1/affiliates", new { name = "A", email = "bad", program_id = team.ProgramId }),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        var other = await app.CreateTeamAsync();
        await ApiAssert.ErrorAsync(await team.Client.PostJsonAsync("/v1/affiliates", new { name = "A", email = "a@example.com", program_id = other.ProgramId }),
            HttpStatusCode.NotFound, "NOT_FOUND");
        await ApiAssert.ErrorAsync(await team.Client.PostJsonAsync("/v1/affiliates", new { name = "A", email = "a@example.com", program_id = team.ProgramId, group_id = "grp_missing" }),
            HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory, BothStores]
    public async Task DuplicateTrackingIdOrEmailIs409NamingTheField(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var sameTracking = await team.Client.PostJsonAsync("/v1/affiliates", new { name = "B", email = "b@example.com", program_id = team.ProgramId, tracking_id = team.TrackingId });
        Assert.Equal("tracking_id", (await ApiAssert.ErrorAsync(sameTracking, HttpStatusCode.Conflict, "DUPLICATE_ERROR"))["error"].Str("field"));
        var sameEmail = await team.Client.PostJsonAsync("/v1/affiliates", new { name = "C", email = "PARTNER123@example.com", program_id = team.ProgramId });
        Assert.Equal("email", (await ApiAssert.ErrorAsync(sameEmail, HttpStatusCode.Conflict, "DUPLICATE_ERROR"))["error"].Str("field"));

        var second = await team.CreateAffiliateAsync("Second", "second", "second@example.com");
        var renameClash = await team.Client.PutJsonAsync($"/v1/affiliates/{second.Str("id")}", new { tracking_id = team.TrackingId });
        Assert.Equal("tracking_id", (await ApiAssert.ErrorAsync(renameClash, HttpStatusCode.Conflict, "DUPLICATE_ERROR"))["error"].Str("field"));
        var emailClash = await team.Client.PutJsonAsync($"/v1/affiliates/{second.Str("id")}", new { email = "partner123@example.com" });
        Assert.Equal("email", (await ApiAssert.ErrorAsync(emailClash, HttpStatusCode.Conflict, "DUPLICATE_ERROR"))["error"].Str("field"));
        Assert.Equal("second", (await team.Client.GetUrlAsync($"/v1/affiliates/{second.Str("id")}").DataAsync()).Str("tracking_id"));

        // Another team may use the same tracking id and e-mail.
        var otherTeam = await team.App.CreateTeamAsync();
        await otherTeam.CreateAffiliateAsync("Second", "second", "second@example.com");
    }

    [Theory, BothStores]
    public async Task ListIsOffsetPaginatedWithTheFullPaginationBlock(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var made = new List<string> { team.AffiliateId };
        for (var i = 0; i < 4; i++)
            made.Add((await team.CreateAffiliateAsync($"Aff {i}", $"aff-{i}", status: i == 0 ? "pending" : null)).Str("id"));

        var page1 = await ApiAssert.StatusAsync(await team.Client.GetUrlAsync("/v1/affiliates?limit=2"), HttpStatusCode.OK);
        Assert.True(page1["success"]!.GetValue<bool>());
        Assert.Equal("""{"page":1,"limit":2,"total":5,"total_pages":3,"has_next_page":true,"has_prev_page":false}""", page1["pagination"]!.ToJsonString());
        var page3 = await ApiAssert.StatusAsync(await team.Client.GetUrlAsync("/v1/affiliates?limit=2&page=3"), HttpStatusCode.OK);
        Assert.Equal("""{"page":3,"limit":2,"total":5,"total_pages":3,"has_next_page":false,"has_prev_page":true}""", page3["pagination"]!.ToJsonString());
        var page2 = await ApiAssert.StatusAsync(await team.Client.GetUrlAsync("/v1/affiliates?limit=2&page=2"), HttpStatusCode.OK);
        var seen = page1.Ids().Concat(page2.Ids()).Concat(page3.Ids()).ToList();
        Assert.Equal(made.Order(), seen.Order());
        Assert.Equal(5, seen.Distinct().Count());

        var defaults = await ApiAssert.StatusAsync(await team.Client.GetUrlAsync("/v1/affiliates"), HttpStatusCode.OK);
        Assert.Equal(10, defaults["pagination"]!["limit"]!.GetValue<int>());
        var pending = await ApiAssert.StatusAsync(await team.Client.GetUrlAsync("/v1/affiliates?partnership_status=pending"), HttpStatusCode.OK);
        Assert.Equal([made[1]], pending.Ids());
        var search = await ApiAssert.StatusAsync(await team.Client.GetUrlAsync("/v1/affiliates?search=AFF-3"), HttpStatusCode.OK);
        Assert.Equal([made[4]], search.Ids());

        foreach (var query in new[] { "?page=0", "?limit=101", "?partnership_status=sleeping", "?dateFrom=soon" })
            await ApiAssert.ErrorAsync(await team.Client.GetUrlAsync("/v1/affiliates" + query), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Theory, BothStores]
    public async Task UpdateChangesOnlyTheSentFields(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var affiliate = await team.CreateAffiliateAsync("Before", "before", "before@example.com", "pending");
        var id = affiliate.Str("id");
        var updated = await team.Client.PutJsonAsync($"/v1/affiliates/{id}", new { name = "After", partnership_status = "approved", metadata = new { a = 1 } }).DataAsync();
        Assert.Equal(("After", "approved", "before", "before@example.com"),
            (updated.Str("name"), updated.Str("partnership_status"), updated.Str("tracking_id"), updated.Str("email")));
        Assert.Equal("""{"a":1}""", updated["metadata"]!.ToJsonString());
        Assert.Equal(affiliate.Str("created_at"), updated.Str("created_at"));
        Assert.Equal(updated.ToJsonString(), (await team.Client.GetUrlAsync($"/v1/affiliates/{id}").DataAsync()).ToJsonString());

        // The approved affiliate can now receive clicks.
        await team.Client.PostJsonAsync("/v1/clicks", new { programId = team.ProgramId, trackingId = "before" }).DataAsync(HttpStatusCode.Created);

        await ApiAssert.ErrorAsync(await team.Client.PutJsonAsync($"/v1/affiliates/{id}", new { partnership_status = "maybe" }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await ApiAssert.ErrorAsync(await team.Client.PutJsonAsync("/v1/affiliates/aff_missing", new { name = "x" }), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory, BothStores]
    public async Task UpdateMovesTheAffiliateBetweenGroupsAndNullClearsTheGroup(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var group = await team.Client.PostJsonAsync("/v1/program/groups", new { name = "VIP" }).DataAsync(HttpStatusCode.Created);
        var moved = await team.Client.PutJsonAsync($"/v1/affiliates/{team.AffiliateId}", new { group_id = group.Str("id") }).DataAsync();
        Assert.Equal(group.Str("id"), moved.Str("group_id"));
        Assert.Equal(1, (await team.Client.GetUrlAsync($"/v1/program/groups/{group.Str("id")}").DataAsync())["affiliate_count"]!.GetValue<long>());

        var cleared = await team.Client.SendAsync(HttpMethod.Put, $"/v1/affiliates/{team.AffiliateId}", """{"group_id": null, "external_user_id": null}""").DataAsync();
        Assert.Null(cleared["group_id"]);
        Assert.Equal(0, (await team.Client.GetUrlAsync($"/v1/program/groups/{group.Str("id")}").DataAsync())["affiliate_count"]!.GetValue<long>());
        await ApiAssert.ErrorAsync(await team.Client.PutJsonAsync($"/v1/affiliates/{team.AffiliateId}", new { group_id = "grp_missing" }), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory, BothStores]
    public async Task DeleteHidesTheAffiliateButKeepsItsReferrals(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var affiliate = await team.CreateAffiliateAsync("Leaving", "leaving");
        var referral = (await team.CreateReferralAsync("kept@example.com", affiliate.Str("id"))).Str("id");
        var body = await ApiAssert.StatusAsync(await team.Client.DeleteUrlAsync($"/v1/affiliates/{affiliate.Str("id")}"), HttpStatusCode.OK);
        Assert.True(body["success"]!.GetValue<bool>());
        Assert.False(string.IsNullOrWhiteSpace(body.Str("message")));

        await ApiAssert.ErrorAsync(await team.Client.GetUrlAsync($"/v1/affiliates/{affiliate.Str("id")}"), HttpStatusCode.NotFound, "NOT_FOUND");
        await ApiAssert.ErrorAsync(await team.Client.DeleteUrlAsync($"/v1/affiliates/{affiliate.Str("id")}"), HttpStatusCode.NotFound, "NOT_FOUND");
        var list = await ApiAssert.StatusAsync(await team.Client.GetUrlAsync("/v1/affiliates"), HttpStatusCode.OK);
        Assert.Equal([team.AffiliateId], list.Ids());
        Assert.Equal(referral, (await team.Client.GetUrlAsync($"/v1/referrals/{referral}").DataAsync()).Str("id"));
        await ApiAssert.ErrorAsync(await team.Client.PostJsonAsync("/v1/clicks", new { programId = team.ProgramId, trackingId = "leaving" }), HttpStatusCode.NotFound, "NOT_FOUND");
        // Its tracking id is free again.
        await team.CreateAffiliateAsync("Arriving", "leaving");
    }
}
