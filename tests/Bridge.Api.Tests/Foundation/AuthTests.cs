using Bridge.Core.ApiKeys;

namespace Bridge.Api.Tests.Foundation;

/// <summary>API-key authentication (401 codes) and scope authorization (403) on every route.</summary>
public sealed class AuthTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    /// <summary>GET /v1/referrals with the raw Authorization header (null: none).</summary>
    private static async Task<JsonObject> CallAsync(BridgeApplication app, string? authorization, HttpStatusCode expected, string code)
    {
        var client = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/referrals");
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        var body = await ApiAssert.ErrorAsync(await client.SendAsync(request, ApiKit.Ct), expected, code);
        Assert.Null(body["data"]);
        return body;
    }

    [Theory, BothStores]
    public async Task AMissingKeyIsMissingApiKey(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var body = await CallAsync(app, null, HttpStatusCode.Unauthorized, "MISSING_API_KEY");
        Assert.Contains("Authorization: Bearer", body["error"].Str("message"));
        await CallAsync(app, "Bearer", HttpStatusCode.Unauthorized, "INVALID_API_KEY_FORMAT");
    }

    [Theory, BothStores]
    public async Task AKeyThatIsNotABearerSkKeyIsInvalidApiKeyFormat(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        foreach (var header in new[]
                 {
                     "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(team.ApiKey + ":")),
                     "Token " + team.ApiKey,
                     "Bearer abc",
                     "Bearer pk_live_" + new string('a', 30),
                     "Bearer sk_live_short",
                     "Bearer sk_live_" + new string('a', 20) + "!",
                 })
            await CallAsync(app, header, HttpStatusCode.Unauthorized, "INVALID_API_KEY_FORMAT");
    }

    [Theory, BothStores]
    public async Task AWellFormedUnknownKeyIsInvalidApiKey(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        await CallAsync(app, "Bearer sk_live_" + new string('z', 40), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
        await CallAsync(app, "Bearer sk_dev_" + new string('z', 40), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
        await CallAsync(app, "Bearer " + team.ApiKey[..^1] + (team.ApiKey[^1] == 'a' ? 'b' : 'a'), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
        // The real key works, with any casing of the scheme.
        var ok = new HttpRequestMessage(HttpMethod.Get, "/v1/referrals");
        ok.Headers.TryAddWithoutValidation("Authorization", "bearer " + team.ApiKey);
        await ApiAssert.StatusAsync(await app.CreateClient().SendAsync(ok, ApiKit.Ct), HttpStatusCode.OK);
    }

    [Theory, BothStores]
    public async Task ADisabledKeyIsApiKeyDisabled(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var keys = app.Get<ApiKeyStore>();
        var created = await keys.CreateAsync(team.TeamId, "to disable", ApiKeyScopes.All, ct: ApiKit.Ct);
        Assert.True(await keys.DisableAsync(team.TeamId, created.Key.Id, ApiKit.Ct));
        await CallAsync(app, "Bearer " + created.PlainText, HttpStatusCode.Unauthorized, "API_KEY_DISABLED");
    }

    [Theory, BothStores]
    public async Task AnExpiredKeyIsApiKeyExpiredAndAnUnexpiredOneWorks(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var expired = await app.ApiKeyForAsync(team, ApiKeyScopes.All, DateTimeOffset.UtcNow.AddMinutes(-1));
        await CallAsync(app, "Bearer " + expired, HttpStatusCode.Unauthorized, "API_KEY_EXPIRED");
        var valid = await app.ApiKeyForAsync(team, ApiKeyScopes.All, DateTimeOffset.UtcNow.AddDays(1));
        await ApiAssert.StatusAsync(await app.ClientWithKey(valid).GetUrlAsync("/v1/referrals"), HttpStatusCode.OK);
    }

    [Theory, BothStores]
    public async Task EveryRouteNeedsItsScopeAndAnswers403InsufficientPermissionsWithoutIt(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var referral = await team.LeadAsync();
        var group = (await team.Client.PostJsonAsync("/v1/program/groups", new { name = "G" }).DataAsync(HttpStatusCode.Created)).Str("id");
        var routes = new (HttpMethod Method, string Url, string Scope, string? Json)[]
        {
            (HttpMethod.Post, "/v1/clicks", ApiKeyScopes.CreateClicks, $$"""{"programId": "{{team.ProgramId}}", "trackingId": "{{team.TrackingId}}"}"""),
            (HttpMethod.Post, "/v1/signups", ApiKeyScopes.WriteReferrals, $$"""{"click_id": "{{referral}}", "email": "a@example.com"}"""),
            (HttpMethod.Get, "/v1/referrals", ApiKeyScopes.ReadReferrals, null),
            (HttpMethod.Get, $"/v1/referrals/{referral}", ApiKeyScopes.ReadReferrals, null),
            (HttpMethod.Post, "/v1/referrals", ApiKeyScopes.WriteReferrals, $$"""{"email": "a@example.com", "affiliate_id": "{{team.AffiliateId}}"}"""),
            (HttpMethod.Put, $"/v1/referrals/{referral}", ApiKeyScopes.WriteReferrals, """{"name": "x"}"""),
            (HttpMethod.Delete, $"/v1/referrals/{referral}", ApiKeyScopes.DeleteReferrals, null),
            (HttpMethod.Get, "/v1/affiliates", ApiKeyScopes.ReadAffiliates, null),
            (HttpMethod.Get, $"/v1/affiliates/{team.AffiliateId}", ApiKeyScopes.ReadAffiliates, null),
            (HttpMethod.Post, "/v1/affiliates", ApiKeyScopes.WriteAffiliates, $$"""{"name": "n", "email": "n@example.com", "program_id": "{{team.ProgramId}}"}"""),
            (HttpMethod.Put, $"/v1/affiliates/{team.AffiliateId}", ApiKeyScopes.WriteAffiliates, """{"name": "x"}"""),
            (HttpMethod.Put, $"/v1/affiliates/{team.AffiliateId}/commission-overrides", ApiKeyScopes.WriteAffiliates, "[]"),
            (HttpMethod.Delete, $"/v1/affiliates/{team.AffiliateId}", ApiKeyScopes.DeleteAffiliates, null),
            (HttpMethod.Get, "/v1/program", ApiKeyScopes.ReadProgram, null),
            (HttpMethod.Patch, "/v1/program", ApiKeyScopes.WriteProgram, """{"name": "x"}"""),
            (HttpMethod.Get, "/v1/program/tracking", ApiKeyScopes.ReadProgram, null),
            (HttpMethod.Patch, "/v1/program/tracking", ApiKeyScopes.WriteProgram, """{"track_email": false}"""),
            (HttpMethod.Get, "/v1/program/fraud-rules", ApiKeyScopes.ReadProgram, null),
            (HttpMethod.Patch, "/v1/program/fraud-rules", ApiKeyScopes.WriteProgram, """{"vpn_proxy": "block"}"""),
            (HttpMethod.Get, "/v1/program/payment-terms", ApiKeyScopes.ReadProgram, null),
            (HttpMethod.Patch, "/v1/program/payment-terms", ApiKeyScopes.WriteProgram, """{"cookie_lifetime": 7}"""),
            (HttpMethod.Get, "/v1/program/groups", ApiKeyScopes.ReadProgram, null),
            (HttpMethod.Get, $"/v1/program/groups/{group}", ApiKeyScopes.ReadProgram, null),
            (HttpMethod.Post, "/v1/program/groups", ApiKeyScopes.WriteProgram, """{"name": "x"}"""),
            (HttpMethod.Patch, $"/v1/program/groups/{group}", ApiKeyScopes.WriteProgram, """{"name": "x"}"""),
            (HttpMethod.Delete, $"/v1/program/groups/{group}", ApiKeyScopes.WriteProgram, null),
        };
        var rowsBefore = await app.ReferralRowsAsync(team.TeamId);
        foreach (var (method, url, scope, json) in routes)
        {
            var allButOne = await app.ApiKeyForAsync(team, ApiKeyScopes.All.Where(s => s != scope).ToList());
            var response = await app.ClientWithKey(allButOne).SendAsync(method, url, json);
            var text = await response.Content.ReadAsStringAsync(ApiKit.Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {url} without {scope}: {(int)response.StatusCode} {text}");
            var error = JsonNode.Parse(text)!["error"]!;
            Assert.Equal("INSUFFICIENT_PERMISSIONS", error.Str("code"));
            Assert.Contains(scope, error.Str("message"));
        }
        // Nothing happened: the referral, affiliate and group are all still there and unchanged.
        Assert.Equal(rowsBefore, await app.ReferralRowsAsync(team.TeamId));
        Assert.Null((await team.Client.GetUrlAsync($"/v1/referrals/{referral}").DataAsync())["name"]);
        Assert.Equal("Partner 123", (await team.Client.GetUrlAsync($"/v1/affiliates/{team.AffiliateId}").DataAsync()).Str("name"));
        Assert.Equal("G", (await team.Client.GetUrlAsync($"/v1/program/groups/{group}").DataAsync()).Str("name"));

        // The single scope is enough.
        var onlyRead = await app.ApiKeyForAsync(team, [ApiKeyScopes.ReadReferrals]);
        await ApiAssert.StatusAsync(await app.ClientWithKey(onlyRead).GetUrlAsync($"/v1/referrals/{referral}"), HttpStatusCode.OK);
    }
}
