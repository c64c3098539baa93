namespace Bridge.Api.Tests.Foundation;

/// <summary>Every by-id route answers 404 for another team's resource, and changes nothing.</summary>
public sealed class CrossTeamTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    [Theory, BothStores]
    public async Task EveryByIdRouteIs404ForAnotherTeamsResource(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var mine = await app.CreateTeamAsync();
        var theirs = await app.CreateTeamAsync();
        var referral = await theirs.LeadAsync("theirs@example.com");
        var click = await theirs.ClickAsync();
        var affiliate = theirs.AffiliateId;
        var group = (await theirs.Client.PostJsonAsync("/v1/program/groups", new { name = "Theirs", incentives = new[] { new { amount = 10 } } })
            .DataAsync(HttpStatusCode.Created)).Str("id");

        var attempts = new (HttpMethod Method, string Url, string? Json)[]
        {
            (HttpMethod.Get, $"/v1/referrals/{referral}", null),
            (HttpMethod.Get, $"/v1/referrals/{referral}?expand=affiliate&include=stats", null),
            (HttpMethod.Get, $"/v1/referrals/{click}", null),
            (HttpMethod.Put, $"/v1/referrals/{referral}", """{"name": "hijacked", "status": "customer"}"""),
            (HttpMethod.Delete, $"/v1/referrals/{referral}", null),
            (HttpMethod.Get, $"/v1/affiliates/{affiliate}", null),
            (HttpMethod.Get, $"/v1/affiliates/{affiliate}?expand=commissionOverrides", null),
            (HttpMethod.Put, $"/v1/affiliates/{affiliate}", """{"name": "hijacked", "status": "rejected"}"""),
            (HttpMethod.Put, $"/v1/affiliates/{affiliate}/commission-overrides", """[{"amount": 99}]"""),
            (HttpMethod.Delete, $"/v1/affiliates/{affiliate}", null),
            (HttpMethod.Get, $"/v1/program/groups/{group}", null),
            (HttpMethod.Patch, $"/v1/program/groups/{group}", """{"name": "hijacked", "is_default": true}"""),
            (HttpMethod.Delete, $"/v1/program/groups/{group}", null),
            // Ids of another team used inside bodies.
            (HttpMethod.Post, "/v1/signups", $$"""{"click_id": "{{click}}", "email": "x@example.com"}"""),
            (HttpMethod.Post, "/v1/clicks", $$"""{"programId": "{{theirs.ProgramId}}", "trackingId": "{{theirs.TrackingId}}"}"""),
            (HttpMethod.Post, "/v1/referrals", $$"""{"email": "x@example.com", "affiliate_id": "{{affiliate}}"}"""),
            (HttpMethod.Post, "/v1/referrals", $$"""{"email": "x@example.com", "affiliate_id": "{{mine.AffiliateId}}", "click_id": "{{click}}"}"""),
            (HttpMethod.Post, "/v1/affiliates", $$"""{"name": "x", "email": "x@example.com", "program_id": "{{theirs.ProgramId}}"}"""),
            (HttpMethod.Post, "/v1/affiliates", $$"""{"name": "x", "email": "x@example.com", "program_id": "{{mine.ProgramId}}", "group_id": "{{group}}"}"""),
            (HttpMethod.Put, $"/v1/affiliates/{mine.AffiliateId}", $$"""{"group_id": "{{group}}"}"""),
        };
        foreach (var (method, url, json) in attempts)
        {
            var response = await mine.Client.SendAsync(method, url, json);
            var text = await response.Content.ReadAsStringAsync(ApiKit.Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {url}: {(int)response.StatusCode} {text}");
            Assert.Equal("NOT_FOUND", JsonNode.Parse(text)!["error"].Str("code"));
        }

        // Nothing of theirs changed, and nothing was created for me.
        var theirReferral = await theirs.Client.GetUrlAsync($"/v1/referrals/{referral}").DataAsync();
        Assert.Equal(("lead", "theirs@example.com"), (theirReferral.Str("status"), theirReferral.Str("email")));
        Assert.Null(theirReferral["name"]);
        var theirAffiliate = await theirs.Client.GetUrlAsync($"/v1/affiliates/{affiliate}?expand=commissionOverrides").DataAsync();
        Assert.Equal(("Partner 123", "approved"), (theirAffiliate.Str("name"), theirAffiliate.Str("partnership_status")));
        Assert.Empty(theirAffiliate["commissionOverrides"]!.AsArray());
        var theirGroup = await theirs.Client.GetUrlAsync($"/v1/program/groups/{group}").DataAsync();
        Assert.Equal("Theirs", theirGroup.Str("name"));
        Assert.False(theirGroup["is_default"]!.GetValue<bool>());
        await ApiAssert.StatusAsync(await theirs.SignupAsync(click), HttpStatusCode.Created);
        Assert.Equal(0, await app.ReferralRowsAsync(mine.TeamId));
        Assert.Null((await mine.Client.GetUrlAsync($"/v1/affiliates/{mine.AffiliateId}").DataAsync())["group_id"]);
        var myAffiliates = await ApiAssert.StatusAsync(await mine.Client.GetUrlAsync("/v1/affiliates"), HttpStatusCode.OK);
        Assert.Equal([mine.AffiliateId], myAffiliates.Ids());
    }

    [Theory, BothStores]
    public async Task ListsOnlyShowTheCallersTeam(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var mine = await app.CreateTeamAsync();
        var theirs = await app.CreateTeamAsync();
        var myLead = await mine.LeadAsync();
        var theirLead = await theirs.LeadAsync();

        Assert.Equal([myLead], (await mine.ListReferralsAsync()).Ids());
        // A cursor from another team finds nothing rather than leaking their ordering.
        Assert.Empty((await mine.ListReferralsAsync($"?starting_after={theirLead}"))["data"]!.AsArray());
        Assert.Empty((await mine.ListReferralsAsync($"?affiliate_id={theirs.AffiliateId}"))["data"]!.AsArray());
        var groups = await ApiAssert.StatusAsync(await mine.Client.GetUrlAsync("/v1/program/groups"), HttpStatusCode.OK);
        Assert.Single(groups["data"]!.AsArray());
        Assert.Equal(mine.ProgramId, (await mine.Client.GetUrlAsync("/v1/program").DataAsync()).Str("id"));
    }
}
