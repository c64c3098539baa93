namespace Bridge.Api.Tests.Foundation;

/// <summary>/v1/program/groups: list, fetch, create, update (incentives, default switch), delete.</summary>
public sealed class GroupsTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    private static async Task<JsonArray> GroupsAsync(TestTeam team) =>
        (await ApiAssert.StatusAsync(await team.Client.GetUrlAsync("/v1/program/groups"), HttpStatusCode.OK))["data"]!.AsArray();

    [Theory, BothStores]
    public async Task ANewProgramHasOneDefaultGroupHoldingItsAffiliates(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync(percent: 20m);
        var group = Assert.Single(await GroupsAsync(team))!;
        Assert.StartsWith("grp_", group.Str("id"));
        Assert.True(group["is_default"]!.GetValue<bool>());
        Assert.Equal(1, group["affiliate_count"]!.GetValue<long>());
        var incentive = Assert.Single(group["incentives"]!.AsArray())!;
        Assert.Equal(("sale", 20m, true, "lifetime"),
            (incentive.Str("type"), incentive["amount"]!.GetValue<decimal>(), incentive["is_percentage"]!.GetValue<bool>(), incentive.Str("incentive_length")));
    }

    [Theory, BothStores]
    public async Task GroupIsCreatedReadUpdatedAndDeleted(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var response = await team.Client.PostJsonAsync("/v1/program/groups", new
        {
            name = "VIP", description = "Top partners",
            incentives = new object[] { new { amount = 40, is_percentage = true }, new { type = "lead", amount = 5, is_percentage = false, currency = "USD" } },
        });
        var created = (await ApiAssert.StatusAsync(response, HttpStatusCode.Created))["data"]!.AsObject();
        var id = created.Str("id");
        Assert.Equal($"/v1/program/groups/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("VIP", "Top partners"), (created.Str("name"), created.Str("description")));
        Assert.False(created["is_default"]!.GetValue<bool>());
        Assert.Equal(0, created["affiliate_count"]!.GetValue<long>());
        Assert.Equal([("sale", 40m), ("lead", 5m)], created["incentives"]!.AsArray().Select(i => (i.Str("type"), i!["amount"]!.GetValue<decimal>())));
        Assert.Equal(created.ToJsonString(), (await team.Client.GetUrlAsync($"/v1/program/groups/{id}").DataAsync()).ToJsonString());
        Assert.Equal(2, (await GroupsAsync(team)).Count);

        var renamed = await team.Client.PatchJsonAsync($"/v1/program/groups/{id}", new { name = "Gold" }).DataAsync();
        Assert.Equal(("Gold", "Top partners", 2), (renamed.Str("name"), renamed.Str("description"), renamed["incentives"]!.AsArray().Count));
        var replaced = await team.Client.SendAsync(HttpMethod.Patch, $"/v1/program/groups/{id}", """{"description": null, "incentives": [{"amount": 35}]}""").DataAsync();
        Assert.Null(replaced["description"]);
        Assert.Equal(35m, Assert.Single(replaced["incentives"]!.AsArray())!["amount"]!.GetValue<decimal>());

        var deleted = await ApiAssert.StatusAsync(await team.Client.DeleteUrlAsync($"/v1/program/groups/{id}"), HttpStatusCode.OK);
        Assert.True(deleted["success"]!.GetValue<bool>());
        Assert.False(string.IsNullOrWhiteSpace(deleted.Str("message")));
        await ApiAssert.ErrorAsync(await team.Client.GetUrlAsync($"/v1/program/groups/{id}"), HttpStatusCode.NotFound, "NOT_FOUND");
        await ApiAssert.ErrorAsync(await team.Client.DeleteUrlAsync($"/v1/program/groups/{id}"), HttpStatusCode.NotFound, "NOT_FOUND");
        await ApiAssert.ErrorAsync(await team.Client.PatchJsonAsync($"/v1/program/groups/{id}", new { name = "x" }), HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Single(await GroupsAsync(team));
    }

    [Theory, BothStores]
    public async Task BadGroupsAre400(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var missingName = await ApiAssert.ErrorAsync(await team.Client.PostJsonAsync("/v1/program/groups", new { description = "x" }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["name"], missingName.ErrorPaths());
        var badIncentive = await ApiAssert.ErrorAsync(await team.Client.PostJsonAsync("/v1/program/groups",
            new { name = "X", incentives = new object[] { new { amount = 120 }, new { type = "bonus", amount = 1 } } }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["incentives[0].amount", "incentives[1].type"], badIncentive.ErrorPaths().Order());
        var id = (await team.Client.PostJsonAsync("/v1/program/groups", new { name = "Y" }).DataAsync(HttpStatusCode.Created)).Str("id");
        await ApiAssert.ErrorAsync(await team.Client.PatchJsonAsync($"/v1/program/groups/{id}", new { name = " " }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await ApiAssert.ErrorAsync(await team.Client.SendAsync(HttpMethod.Patch, $"/v1/program/groups/{id}", """{"name": 7}"""), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["Y"], (await GroupsAsync(team)).Where(g => !g!["is_default"]!.GetValue<bool>()).Select(g => g.Str("name")));
    }

    [Theory, BothStores]
    public async Task TheDefaultGroupCannotBeDeletedNorAGroupWithAffiliates(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var defaultId = (await GroupsAsync(team)).Single(g => g!["is_default"]!.GetValue<bool>()).Str("id");
        await ApiAssert.ErrorAsync(await team.Client.DeleteUrlAsync($"/v1/program/groups/{defaultId}"), HttpStatusCode.Conflict, "CONFLICT");

        var busy = (await team.Client.PostJsonAsync("/v1/program/groups", new { name = "Busy" }).DataAsync(HttpStatusCode.Created)).Str("id");
        await team.CreateAffiliateAsync("Member", "member", groupId: busy);
        await ApiAssert.ErrorAsync(await team.Client.DeleteUrlAsync($"/v1/program/groups/{busy}"), HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal(2, (await GroupsAsync(team)).Count);
    }

    [Theory, BothStores]
    public async Task IsDefaultMovesTheDefaultAndItsUngroupedAffiliates(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync(percent: 30m);
        var oldDefault = (await GroupsAsync(team)).Single(g => g!["is_default"]!.GetValue<bool>()).Str("id");

        var noSale = await team.Client.PostJsonAsync("/v1/program/groups", new { name = "Empty", is_default = true });
        Assert.Equal("is_default", (await ApiAssert.ErrorAsync(noSale, HttpStatusCode.BadRequest, "VALIDATION_ERROR"))["error"].Str("field"));
        await ApiAssert.ErrorAsync(await team.Client.PatchJsonAsync($"/v1/program/groups/{oldDefault}", new { is_default = false }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await ApiAssert.ErrorAsync(await team.Client.SendAsync(HttpMethod.Patch, $"/v1/program/groups/{oldDefault}", """{"incentives": []}"""), HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        var created = await team.Client.PostJsonAsync("/v1/program/groups", new { name = "New default", is_default = true, incentives = new[] { new { amount = 12 } } })
            .DataAsync(HttpStatusCode.Created);
        Assert.True(created["is_default"]!.GetValue<bool>());
        Assert.Equal(1, created["affiliate_count"]!.GetValue<long>());
        var groups = await GroupsAsync(team);
        Assert.Equal([created.Str("id")], groups.Where(g => g!["is_default"]!.GetValue<bool>()).Select(g => g.Str("id")));
        Assert.Equal(0, groups.Single(g => g.Str("id") == oldDefault)!["affiliate_count"]!.GetValue<long>());
        Assert.Equal(12m, (await team.Client.GetUrlAsync("/v1/program/payment-terms").DataAsync())["commission_rate"]!.GetValue<decimal>());

        // Switching back restores the old rule, and the former default group can then be deleted.
        var back = await team.Client.PatchJsonAsync($"/v1/program/groups/{oldDefault}", new { is_default = true }).DataAsync();
        Assert.True(back["is_default"]!.GetValue<bool>());
        Assert.Equal(30m, (await team.Client.GetUrlAsync("/v1/program/payment-terms").DataAsync())["commission_rate"]!.GetValue<decimal>());
        await ApiAssert.StatusAsync(await team.Client.DeleteUrlAsync($"/v1/program/groups/{created.Str("id")}"), HttpStatusCode.OK);
    }
}
