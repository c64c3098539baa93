using Bridge.Core.ApiKeys;

namespace Bridge.Api.Tests.Foundation;

/// <summary>POST /v1/signups: statuses, idempotency (also under concurrency), tracking flags and fraud rules.</summary>
public sealed class SignupsTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    [Theory, BothStores]
    public async Task FirstSignupIs201WithTheLeadAndTheRepeatIs200WithTheSameReferral(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var click = await team.ClickAsync();

        var first = await ApiAssert.StatusAsync(await team.SignupAsync(click, "Jane@Example.com ", "Jane Doe", "user_42"), HttpStatusCode.Created);
        var lead = first["data"]!.AsObject();
        Assert.Equal(click, lead.Str("id"));
        Assert.Equal("lead", lead.Str("status"));
        Assert.Equal("Jane@Example.com", lead.Str("email"));
        Assert.Equal("Jane Doe", lead.Str("name"));
        Assert.Equal("user_42", lead.Str("external_user_id"));
        Assert.Equal(team.AffiliateId, lead.Str("affiliate_id"));
        Assert.Equal(team.ProgramId, lead.Str("program_id"));
        Assert.Null(lead["converted_at"]);
        Assert.Empty(lead["fraud_flags"]!.AsArray());

        var repeat = await ApiAssert.StatusAsync(await team.SignupAsync(click, "other@example.com", "Someone Else"), HttpStatusCode.OK);
        Assert.Equal(lead.ToJsonString(), repeat["data"]!.ToJsonString());
        Assert.Single((await team.ListReferralsAsync())["data"]!.AsArray());
    }

    [Theory, BothStores]
    public async Task ExternalUserIdAloneIsEnough(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var data = await team.SignupAsync(await team.ClickAsync(), email: null, externalUserId: "user_7").DataAsync(HttpStatusCode.Created);
        Assert.Null(data["email"]);
        Assert.Equal("user_7", data.Str("external_user_id"));
    }

    [Theory, BothStores]
    public async Task MissingClickIdIs400(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var body = await ApiAssert.ErrorAsync(await team.Client.PostJsonAsync("/v1/signups", new { email = "a@example.com" }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["click_id"], body.ErrorPaths());
    }

    [Theory, BothStores]
    public async Task NeitherEmailNorExternalUserIdIs400AndTheClickStaysAClick(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var click = await team.ClickAsync();
        var body = await ApiAssert.ErrorAsync(await team.SignupAsync(click, email: "  ", name: "Jane"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["email"], body.ErrorPaths());
        Assert.Empty((await team.ListReferralsAsync())["data"]!.AsArray());
        await ApiAssert.StatusAsync(await team.SignupAsync(click), HttpStatusCode.Created);
    }

    [Theory, BothStores]
    public async Task ABadEmailIs400(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        foreach (var email in new[] { "not-an-email", "jane@", "jane@localhost", "two words@example.com" })
        {
            var body = await ApiAssert.ErrorAsync(await team.SignupAsync(await team.ClickAsync(), email), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.Equal("email", body["error"].Str("field"));
        }
    }

    [Theory, BothStores]
    public async Task WithoutAValidKeyTheAnswerIs401AndWithoutWriteReferralsIs403(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var click = await team.ClickAsync();
        var anonymous = await app.ClientWithKey(null).PostJsonAsync("/v1/signups", new { click_id = click, email = "a@example.com" });
        await ApiAssert.ErrorAsync(anonymous, HttpStatusCode.Unauthorized, "MISSING_API_KEY");
        var wrongKey = await app.ClientWithKey("sk_live_" + new string('x', 40)).PostJsonAsync("/v1/signups", new { click_id = click, email = "a@example.com" });
        await ApiAssert.ErrorAsync(wrongKey, HttpStatusCode.Unauthorized, "INVALID_API_KEY");

        var readOnly = await app.ApiKeyForAsync(team, [ApiKeyScopes.ReadReferrals, ApiKeyScopes.CreateClicks]);
        var forbidden = await app.ClientWithKey(readOnly).PostJsonAsync("/v1/signups", new { click_id = click, email = "a@example.com" });
        await ApiAssert.ErrorAsync(forbidden, HttpStatusCode.Forbidden, "INSUFFICIENT_PERMISSIONS");
        await ApiAssert.StatusAsync(await team.SignupAsync(click), HttpStatusCode.Created);
    }

    [Theory, BothStores]
    public async Task UnknownClickAndAnotherTeamsClickAre404(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var mine = await app.CreateTeamAsync();
        var theirs = await app.CreateTeamAsync();
        await ApiAssert.ErrorAsync(await mine.SignupAsync("ref_unknown"), HttpStatusCode.NotFound, "NOT_FOUND");

        var theirClick = await theirs.ClickAsync();
        await ApiAssert.ErrorAsync(await mine.SignupAsync(theirClick), HttpStatusCode.NotFound, "NOT_FOUND");
        // Their click is untouched: its own team can still sign it up.
        await ApiAssert.StatusAsync(await theirs.SignupAsync(theirClick), HttpStatusCode.Created);
    }

    [Theory, BothStores]
    public async Task TenConcurrentIdenticalSignupsGiveOne201AndNine200OnOneReferral(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var click = await team.ClickAsync();
        var json = JsonSerializer.Serialize(new { click_id = click, email = "race@example.com" });
        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 10).Select(async _ =>
        {
            await start.WaitAsync(ApiKit.Ct);
            var response = await team.Client.SendAsync(HttpMethod.Post, "/v1/signups", json);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(ApiKit.Ct));
        }).ToList();
        start.Release(10);
        var results = await Task.WhenAll(calls);

        Assert.True(results.Count(r => r.StatusCode == HttpStatusCode.Created) == 1, string.Join("\n", results.Select(r => $"{(int)r.StatusCode} {r.Body}")));
        Assert.Equal(9, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(results, r => Assert.Equal(click, JsonNode.Parse(r.Body)!["data"].Str("id")));
        Assert.All(results, r => Assert.Equal("lead", JsonNode.Parse(r.Body)!["data"].Str("status")));
        Assert.Equal([click], (await team.ListReferralsAsync()).Ids());
        Assert.Equal(1, await app.ReferralRowsAsync(team.TeamId));
    }

    [Theory, BothStores]
    public async Task EmailAndNameAreDroppedWhenTheProgramDoesNotTrackThem(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var tracking = await team.Client.PatchJsonAsync("/v1/program/tracking", new { track_email = false }).DataAsync();
        Assert.False(tracking["track_email"]!.GetValue<bool>());
        Assert.True(tracking["track_name"]!.GetValue<bool>());

        var noEmail = await team.SignupAsync(await team.ClickAsync(), "jane@example.com", "Jane Doe", "user_1").DataAsync(HttpStatusCode.Created);
        Assert.Null(noEmail["email"]);
        Assert.Equal("Jane Doe", noEmail.Str("name"));
        Assert.Equal("user_1", noEmail.Str("external_user_id"));

        await team.Client.PatchJsonAsync("/v1/program/tracking", new { track_email = true, track_name = false }).DataAsync();
        var noName = await team.SignupAsync(await team.ClickAsync(), "john@example.com", "John Doe").DataAsync(HttpStatusCode.Created);
        Assert.Equal("john@example.com", noName.Str("email"));
        Assert.Null(noName["name"]);
    }

    [Theory, BothStores]
    public async Task SelfReferralIsFlaggedInDetectModeAndRejectedInBlockMode(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        await team.Client.PatchJsonAsync("/v1/program/fraud-rules", new { self_referral = "detect", disposable_email = "off", duplicate_ip = "off" }).DataAsync();
        var flagged = await team.SignupAsync(await team.ClickAsync(), "PARTNER123@example.com").DataAsync(HttpStatusCode.Created);
        Assert.Equal("lead", flagged.Str("status"));
        Assert.Equal(["self_referral"], flagged["fraud_flags"]!.AsArray().Select(f => f!.GetValue<string>()));

        var clean = await team.SignupAsync(await team.ClickAsync(), "someone@example.com").DataAsync(HttpStatusCode.Created);
        Assert.Empty(clean["fraud_flags"]!.AsArray());

        await team.Client.PatchJsonAsync("/v1/program/fraud-rules", new { self_referral = "block" }).DataAsync();
        var blocked = await team.SignupAsync(await team.ClickAsync(), "partner123@example.com").DataAsync(HttpStatusCode.Created);
        Assert.Equal("rejected", blocked.Str("status"));
        Assert.Equal(["self_referral"], blocked["fraud_flags"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Null(blocked["converted_at"]);

        await team.Client.PatchJsonAsync("/v1/program/fraud-rules", new { self_referral = "off" }).DataAsync();
        var off = await team.SignupAsync(await team.ClickAsync(), "partner123@example.com").DataAsync(HttpStatusCode.Created);
        Assert.Equal("lead", off.Str("status"));
        Assert.Empty(off["fraud_flags"]!.AsArray());
    }

    [Theory, BothStores]
    public async Task DisposableDomainIsFlaggedInDetectModeAndRejectedInBlockMode(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        await team.Client.PatchJsonAsync("/v1/program/fraud-rules", new { disposable_email = "detect" }).DataAsync();
        var flagged = await team.SignupAsync(await team.ClickAsync(), "throwaway@mailinator.com").DataAsync(HttpStatusCode.Created);
        Assert.Equal("lead", flagged.Str("status"));
        Assert.Equal(["disposable_email"], flagged["fraud_flags"]!.AsArray().Select(f => f!.GetValue<string>()));

        await team.Client.PatchJsonAsync("/v1/program/fraud-rules", new { disposable_email = "block" }).DataAsync();
        var blocked = await team.SignupAsync(await team.ClickAsync(), "x@eu.mailinator.com").DataAsync(HttpStatusCode.Created);
        Assert.Equal("rejected", blocked.Str("status"));
        Assert.Equal(["disposable_email"], blocked["fraud_flags"]!.AsArray().Select(f => f!.GetValue<string>()));

        var fine = await team.SignupAsync(await team.ClickAsync(), "x@example.com").DataAsync(HttpStatusCode.Created);
        Assert.Equal("lead", fine.Str("status"));
    }

    [Theory, BothStores]
    public async Task DuplicateIpWithinTheWindowIsFlaggedOrRejected(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var rules = await team.Client.PatchJsonAsync("/v1/program/fraud-rules",
            new { duplicate_ip = "detect", duplicate_ip_config = new { threshold = 1, window_hours = 24 } }).DataAsync();
        Assert.Equal(1, rules["duplicate_ip_config"]!["threshold"]!.GetValue<int>());

        // A lead from the same IP two days ago is outside the 24-hour window.
        var old = await team.Client.PostJsonAsync("/v1/clicks", new
        {
            programId = team.ProgramId, trackingId = team.TrackingId, ip = "203.0.113.9", createdAt = DateTimeOffset.UtcNow.AddHours(-48).ToString("O"),
        }).DataAsync(HttpStatusCode.Created);
        await team.SignupAsync(old.Str("id"), "old@example.com").DataAsync(HttpStatusCode.Created);

        var first = await team.SignupAsync(await team.ClickAsync("203.0.113.9"), "one@example.com").DataAsync(HttpStatusCode.Created);
        Assert.Empty(first["fraud_flags"]!.AsArray());
        var second = await team.SignupAsync(await team.ClickAsync("203.0.113.9"), "two@example.com").DataAsync(HttpStatusCode.Created);
        Assert.Equal("lead", second.Str("status"));
        Assert.Equal(["duplicate_ip"], second["fraud_flags"]!.AsArray().Select(f => f!.GetValue<string>()));
        var otherIp = await team.SignupAsync(await team.ClickAsync("198.51.100.1"), "three@example.com").DataAsync(HttpStatusCode.Created);
        Assert.Empty(otherIp["fraud_flags"]!.AsArray());

        await team.Client.PatchJsonAsync("/v1/program/fraud-rules", new { duplicate_ip = "block" }).DataAsync();
        var blocked = await team.SignupAsync(await team.ClickAsync("203.0.113.9"), "four@example.com").DataAsync(HttpStatusCode.Created);
        Assert.Equal("rejected", blocked.Str("status"));
        Assert.Equal(["duplicate_ip"], blocked["fraud_flags"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Theory, BothStores]
    public async Task TheThresholdCountsOtherLeadsFromTheSameIp(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        await team.Client.PatchJsonAsync("/v1/program/fraud-rules",
            new { duplicate_ip = "block", duplicate_ip_config = new { threshold = 2 } }).DataAsync();
        var statuses = new List<string>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await team.SignupAsync(await team.ClickAsync("192.0.2.44"), $"u{i}@example.com").DataAsync(HttpStatusCode.Created)).Str("status"));
        Assert.Equal(["lead", "lead", "rejected"], statuses);
    }
}
