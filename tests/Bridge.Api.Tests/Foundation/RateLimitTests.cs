using Bridge.Core.Referrals;

namespace Bridge.Api.Tests.Foundation;

/// <summary>Per-key limits, on an application started with small budgets (5 API and 3 click requests a minute).</summary>
public sealed class RateLimitTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    private static readonly Dictionary<string, string?> SmallLimits = new()
    {
        ["Api:RateLimit:PermitsPerMinute"] = "5",
        ["Api:RateLimit:ClickPermitsPerMinute"] = "3",
    };

    private Task<BridgeApplication> AppAsync(StoreKind kind) => apps.GetAsync(kind, SmallLimits);

    /// <summary>The window is the wall-clock minute: start a burst far enough from its end that it fits in one window.</summary>
    private static async Task AwayFromMinuteEndAsync()
    {
        var intoMinute = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() % 60_000;
        if (intoMinute > 52_000)
            await Task.Delay(TimeSpan.FromMilliseconds(60_000 - intoMinute + 250), ApiKit.Ct);
    }

    private static int Header(HttpResponseMessage response, string name) => int.Parse(response.Headers.GetValues(name).Single());

    private static async Task AssertRateLimitedAsync(HttpResponseMessage response, int limit)
    {
        var body = await ApiAssert.ErrorAsync(response, HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var retryAfter = Header(response, "Retry-After");
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(retryAfter, body["error"]!["retryAfter"]!.GetValue<int>());
        Assert.Contains($"{retryAfter} seconds", body["error"].Str("message"));
        Assert.Equal(limit, Header(response, "X-RateLimit-Limit"));
        Assert.Equal(0, Header(response, "X-RateLimit-Remaining"));
        var reset = long.Parse(response.Headers.GetValues("X-RateLimit-Reset").Single());
        Assert.InRange(reset, now, now + 61);
        Assert.InRange(reset - now, retryAfter - 2, retryAfter + 2);
    }

    [Theory, BothStores]
    public async Task TheSixthRequestInAMinuteIs429WithRetryAfter(StoreKind kind)
    {
        var app = await AppAsync(kind);
        var team = await app.CreateTeamAsync();
        var other = await app.CreateTeamAsync();
        await AwayFromMinuteEndAsync();
        for (var i = 0; i < 5; i++)
        {
            var response = await team.Client.GetUrlAsync(i % 2 == 0 ? "/v1/program" : "/v1/referrals/ref_missing");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal(5, Header(response, "X-RateLimit-Limit"));
            Assert.Equal(4 - i, Header(response, "X-RateLimit-Remaining"));
        }
        await AssertRateLimitedAsync(await team.Client.GetUrlAsync("/v1/program"), 5);
        await AssertRateLimitedAsync(await team.Client.PostJsonAsync("/v1/referrals", new { email = "x@example.com", affiliate_id = team.AffiliateId }), 5);
        Assert.Equal(0, await app.ReferralRowsAsync(team.TeamId));

        // Another key has its own budget.
        await ApiAssert.StatusAsync(await other.Client.GetUrlAsync("/v1/program"), HttpStatusCode.OK);
    }

    [Theory, BothStores]
    public async Task SignupsAre429OnceTheKeysBudgetIsSpentAndNothingChanges(StoreKind kind)
    {
        var app = await AppAsync(kind);
        var team = await app.CreateTeamAsync();
        await AwayFromMinuteEndAsync();
        var click = await team.ClickAsync();
        var spare = await team.ClickAsync();
        Assert.Equal(HttpStatusCode.Created, (await team.SignupAsync(click)).StatusCode);
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.OK, (await team.SignupAsync(click)).StatusCode);

        await AssertRateLimitedAsync(await team.SignupAsync(spare, "late@example.com"), 5);
        var untouched = await app.Get<ReferralStore>().GetAsync(team.TeamId, spare, ApiKit.Ct);
        Assert.Equal(ReferralStatus.Click, untouched!.Status);
        Assert.Null(untouched.Email);
    }

    [Theory, BothStores]
    public async Task ClicksHaveTheirOwnBudget(StoreKind kind)
    {
        var app = await AppAsync(kind);
        var team = await app.CreateTeamAsync();
        await AwayFromMinuteEndAsync();
        for (var i = 0; i < 3; i++)
        {
            var response = await team.Client.PostJsonAsync("/v1/clicks", new { programId = team.ProgramId, trackingId = team.TrackingId });
            await ApiAssert.StatusAsync(response, HttpStatusCode.Created);
            Assert.Equal((3, 2 - i), (Header(response, "X-RateLimit-Limit"), Header(response, "X-RateLimit-Remaining")));
        }
        await AssertRateLimitedAsync(await team.Client.PostJsonAsync("/v1/clicks", new { programId = team.ProgramId, trackingId = team.TrackingId }), 3);
        Assert.Equal(3, await app.ReferralRowsAsync(team.TeamId));

        var program = await team.Client.GetUrlAsync("/v1/program");
        await ApiAssert.StatusAsync(program, HttpStatusCode.OK);
        Assert.Equal((5, 4), (Header(program, "X-RateLimit-Limit"), Header(program, "X-RateLimit-Remaining")));
    }
}
