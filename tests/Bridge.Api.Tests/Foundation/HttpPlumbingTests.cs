namespace Bridge.Api.Tests.Foundation;

/// <summary>What every route shares: malformed bodies, the body-size limit, the rate-limit headers.</summary>
public sealed class HttpPlumbingTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    private static (HttpMethod Method, string Url)[] BodyRoutes(TestTeam team, string referral, string group) =>
    [
        (HttpMethod.Post, "/v1/clicks"),
        (HttpMethod.Post, "/v1/signups"),
        (HttpMethod.Post, "/v1/referrals"),
        (HttpMethod.Put, $"/v1/referrals/{referral}"),
        (HttpMethod.Post, "/v1/affiliates"),
        (HttpMethod.Put, $"/v1/affiliates/{team.AffiliateId}"),
        (HttpMethod.Put, $"/v1/affiliates/{team.AffiliateId}/commission-overrides"),
        (HttpMethod.Patch, "/v1/program"),
        (HttpMethod.Patch, "/v1/program/tracking"),
        (HttpMethod.Patch, "/v1/program/fraud-rules"),
        (HttpMethod.Patch, "/v1/program/payment-terms"),
        (HttpMethod.Post, "/v1/program/groups"),
        (HttpMethod.Patch, $"/v1/program/groups/{group}"),
    ];

    [Theory, BothStores]
    public async Task MalformedJsonIs400ValidationErrorOnEveryRouteWithABody(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var referral = await team.LeadAsync();
        var group = (await team.Client.PostJsonAsync("/v1/program/groups", new { name = "G" }).DataAsync(HttpStatusCode.Created)).Str("id");
        var rowsBefore = await app.ReferralRowsAsync(team.TeamId);
        foreach (var (method, url) in BodyRoutes(team, referral, group))
        {
            foreach (var json in new[] { """{"email": "a@example.com", """, "{'single': 'quotes'}", "{\"a\": 1} trailing", "" })
            {
                var response = await team.Client.SendAsync(method, url, json);
                var text = await response.Content.ReadAsStringAsync(ApiKit.Ct);
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {url} with <{json}>: {(int)response.StatusCode} {text}");
                var error = JsonNode.Parse(text)!["error"]!;
                Assert.Equal("VALIDATION_ERROR", error.Str("code"));
                Assert.False(string.IsNullOrWhiteSpace(error.Str("message")));
            }
        }
        Assert.Equal(rowsBefore, await app.ReferralRowsAsync(team.TeamId));
        Assert.Equal("jane@example.com", (await team.Client.GetUrlAsync($"/v1/referrals/{referral}").DataAsync()).Str("email"));
    }

    [Theory, BothStores]
    public async Task JsonOfTheWrongShapeIs400NotA500(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var referral = await team.LeadAsync();
        var cases = new (HttpMethod Method, string Url, string Json)[]
        {
            (HttpMethod.Post, "/v1/signups", "[]"),
            (HttpMethod.Post, "/v1/signups", """{"click_id": 12, "email": "a@example.com"}"""),
            (HttpMethod.Post, "/v1/clicks", """{"programId": ["x"], "trackingId": "y"}"""),
            (HttpMethod.Put, $"/v1/referrals/{referral}", "[1, 2]"),
            (HttpMethod.Put, $"/v1/referrals/{referral}", """{"name": 5}"""),
            (HttpMethod.Put, $"/v1/affiliates/{team.AffiliateId}", """{"onboarding_completed": "yes"}"""),
            (HttpMethod.Patch, "/v1/program", """{"name": {"first": "x"}}"""),
            (HttpMethod.Patch, "/v1/program/payment-terms", """{"auto_payout": 1}"""),
            (HttpMethod.Patch, "/v1/program/tracking", "null"),
        };
        foreach (var (method, url, json) in cases)
        {
            var response = await team.Client.SendAsync(method, url, json);
            var text = await response.Content.ReadAsStringAsync(ApiKit.Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {url} with <{json}>: {(int)response.StatusCode} {text}");
            Assert.Equal("VALIDATION_ERROR", JsonNode.Parse(text)!["error"].Str("code"));
        }
    }

    [Theory, BothStores]
    public async Task ABodyOverOneMebibyteIs413AndNothingIsStored(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        string Body(int totalBytes)
        {
            var prefix = $$"""{"email": "big@example.com", "affiliate_id": "{{team.AffiliateId}}", "name": " """;
            const string suffix = "\"}";
            return prefix + new string('x', totalBytes - prefix.Length - suffix.Length) + suffix;
        }

        var tooLarge = Body(1024 * 1024 + 1);
        Assert.Equal(1024 * 1024 + 1, Encoding.UTF8.GetByteCount(tooLarge));
        var response = await team.Client.SendAsync(HttpMethod.Post, "/v1/referrals", tooLarge);
        await ApiAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        Assert.True(response.Headers.Contains("X-RateLimit-Limit"));

        // Without a Content-Length (chunked) the limit holds while reading.
        var chunked = new HttpRequestMessage(HttpMethod.Post, "/v1/referrals") { Content = new UnknownLengthContent(Encoding.UTF8.GetBytes(tooLarge)) };
        chunked.Content.Headers.ContentType = new("application/json");
        await ApiAssert.ErrorAsync(await team.Client.SendAsync(chunked, ApiKit.Ct), HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");

        // Exactly at the limit the body is read (and refused for its content, not its size).
        var atLimit = await team.Client.SendAsync(HttpMethod.Post, "/v1/referrals", Body(1024 * 1024));
        await ApiAssert.ErrorAsync(atLimit, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(0, await app.ReferralRowsAsync(team.TeamId));
    }

    [Theory, BothStores]
    public async Task EveryV1ResponseCarriesTheRateLimitHeaders(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var limited = await app.ClientWithKey(null).SendAsync(HttpMethod.Get, "/v1/referrals");
        var forbidden = await app.ClientWithKey(await app.ApiKeyForAsync(team, [Bridge.Core.ApiKeys.ApiKeyScopes.ReadAffiliates])).SendAsync(HttpMethod.Get, "/v1/referrals");
        var responses = new List<(string What, HttpResponseMessage Response)>
        {
            ("200", await team.Client.GetUrlAsync("/v1/referrals")),
            ("201", await team.Client.PostJsonAsync("/v1/clicks", new { programId = team.ProgramId, trackingId = team.TrackingId })),
            ("400", await team.Client.PostJsonAsync("/v1/signups", new { email = "x@example.com" })),
            ("400 malformed", await team.Client.SendAsync(HttpMethod.Post, "/v1/signups", "{")),
            ("401", limited),
            ("403", forbidden),
            ("404", await team.Client.GetUrlAsync("/v1/referrals/ref_missing")),
            ("409", await team.Client.PostJsonAsync("/v1/affiliates", new { name = "x", email = "x@example.com", program_id = team.ProgramId, tracking_id = team.TrackingId })),
        };
        foreach (var (what, response) in responses)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            Assert.True(response.Headers.TryGetValues("X-RateLimit-Limit", out var limit), $"{what}: no X-RateLimit-Limit");
            Assert.True(int.Parse(limit.Single()) > 0);
            Assert.True(response.Headers.TryGetValues("X-RateLimit-Remaining", out var remaining), $"{what}: no X-RateLimit-Remaining");
            Assert.True(int.Parse(remaining.Single()) >= 0);
            Assert.True(response.Headers.TryGetValues("X-RateLimit-Reset", out var reset), $"{what}: no X-RateLimit-Reset");
            var resetAt = long.Parse(reset.Single());
            Assert.InRange(resetAt, now - 1, now + 61);
            Assert.Equal(0, resetAt % 60);
            Assert.False(response.Headers.Contains("Retry-After"), $"{what}: Retry-After outside a 429");
        }

        // The budget is per key and counts down; clicks have their own, larger one.
        int Remaining(HttpResponseMessage r) => int.Parse(r.Headers.GetValues("X-RateLimit-Remaining").Single());
        var first = await team.Client.GetUrlAsync("/v1/program");
        var second = await team.Client.GetUrlAsync("/v1/program");
        Assert.True(Remaining(second) == Remaining(first) - 1 || Remaining(second) > Remaining(first), "remaining did not count down (or roll over)");
        var limits = app.Get<Bridge.Host.RateLimiting.ApiRateLimiting>();
        Assert.Equal(limits.ApiPermits.ToString(), first.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal(limits.ClickPermits.ToString(), responses[1].Response.Headers.GetValues("X-RateLimit-Limit").Single());
    }

    /// <summary>Content whose length is not known up front, so it is sent chunked.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
