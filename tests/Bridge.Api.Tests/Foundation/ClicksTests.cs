using Bridge.Core.ApiKeys;
using Bridge.Core.Referrals;

namespace Bridge.Api.Tests.Foundation;

/// <summary>POST /v1/clicks: every status it answers.</summary>
public sealed class ClicksTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    [Theory, BothStores]
    public async Task ClickIsCreatedWithTheAffiliatesTrackingIdAndStoredAsAClickReferral(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var response = await team.Client.PostJsonAsync("/v1/clicks", new
        {
            programId = team.ProgramId,
            trackingId = team.TrackingId,
            sub1 = "landing",
            utmSource = "newsletter",
            gclid = "g-123",
            ip = "2001:db8::1",
            userAgent = "Mozilla/5.0",
            referrer = "https://blog.example.com/post",
            createdAt = "2026-01-25T11:55:00Z",
        });
        var body = await ApiAssert.StatusAsync(response, HttpStatusCode.Created);
        var data = body["data"]!.AsObject();
        var id = data.Str("id");
        Assert.StartsWith("ref_", id);
        Assert.Equal(team.TrackingId, data.Str("tracking_id"));
        Assert.Equal(team.ProgramId, data.Str("program_id"));
        Assert.Equal("2026-01-25T11:55:00.000Z", data.Str("created_at"));
        Assert.Equal($"/v1/referrals/{id}", response.Headers.Location?.OriginalString);

        var stored = await app.Get<ReferralStore>().GetAsync(team.TeamId, id, ApiKit.Ct);
        Assert.NotNull(stored);
        Assert.Equal(ReferralStatus.Click, stored.Status);
        Assert.Equal(team.AffiliateId, stored.AffiliateId);
        Assert.Equal(("landing", "newsletter", "g-123", "2001:db8::1", "Mozilla/5.0", "https://blog.example.com/post"),
            (stored.Sub1, stored.UtmSource, stored.Gclid, stored.Ip, stored.UserAgent, stored.Referrer));
    }

    [Theory, BothStores]
    public async Task MissingProgramIdAndTrackingIdAreBothReported(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var body = await ApiAssert.ErrorAsync(await team.Client.PostJsonAsync("/v1/clicks", new { sub1 = "x" }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["programId", "trackingId"], body.ErrorPaths().Order());
    }

    [Theory, BothStores]
    public async Task SnakeCaseFieldsAreNotTheClickContract(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var response = await team.Client.PostJsonAsync("/v1/clicks", new { program_id = team.ProgramId, tracking_id = team.TrackingId });
        var body = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Contains("programId", body.ErrorPaths());
    }

    [Theory, BothStores]
    public async Task OversizedFieldsAreRefusedAndNothingIsStored(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var response = await team.Client.PostJsonAsync("/v1/clicks", new
        {
            programId = team.ProgramId,
            trackingId = team.TrackingId,
            sub5 = new string('s', 256),
            utmCampaign = new string('u', 256),
            ttclid = new string('t', 256),
            referrer = "https://e.com/" + new string('r', 2000),
            ip = new string('1', 46),
            userAgent = new string('a', 1001),
        });
        var body = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["ip", "referrer", "sub5", "ttclid", "userAgent", "utmCampaign"], body.ErrorPaths().Order());
        Assert.Equal(0, await app.ReferralRowsAsync(team.TeamId));

        // At the limits everything is accepted.
        var atLimit = await team.Client.PostJsonAsync("/v1/clicks", new
        {
            programId = team.ProgramId, trackingId = team.TrackingId,
            sub5 = new string('s', 255), referrer = new string('r', 2000), ip = new string('1', 45), userAgent = new string('a', 1000),
        });
        await ApiAssert.StatusAsync(atLimit, HttpStatusCode.Created);
    }

    [Theory, BothStores]
    public async Task WithoutAKeyTheAnswerIs401(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var response = await app.ClientWithKey(null).PostJsonAsync("/v1/clicks", new { programId = team.ProgramId, trackingId = team.TrackingId });
        await ApiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "MISSING_API_KEY");
    }

    [Theory, BothStores]
    public async Task AKeyWithoutCreateClicksIsForbidden(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync(scopes: [ApiKeyScopes.ReadReferrals, ApiKeyScopes.WriteReferrals]);
        var response = await team.Client.PostJsonAsync("/v1/clicks", new { programId = team.ProgramId, trackingId = team.TrackingId });
        var body = await ApiAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "INSUFFICIENT_PERMISSIONS");
        Assert.Contains("create:clicks", body["error"].Str("message"));
    }

    [Theory, BothStores]
    public async Task UnknownProgramIs404(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var response = await team.Client.PostJsonAsync("/v1/clicks", new { programId = "prg_doesnotexist", trackingId = team.TrackingId });
        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory, BothStores]
    public async Task UnknownTrackingIdIs404(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var response = await team.Client.PostJsonAsync("/v1/clicks", new { programId = team.ProgramId, trackingId = "nobody" });
        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory, BothStores]
    public async Task PendingAndRejectedAffiliatesCannotReceiveClicks(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        await team.CreateAffiliateAsync("Waiting", trackingId: "waiting", status: "pending");
        await team.CreateAffiliateAsync("Refused", trackingId: "refused", status: "rejected");
        foreach (var trackingId in new[] { "waiting", "refused" })
        {
            var response = await team.Client.PostJsonAsync("/v1/clicks", new { programId = team.ProgramId, trackingId });
            await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
        }
        Assert.Equal(0, await app.ReferralRowsAsync(team.TeamId));
    }

    [Theory, BothStores]
    public async Task AnotherTeamsProgramIs404EvenWithAMatchingTrackingId(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var mine = await app.CreateTeamAsync();
        var theirs = await app.CreateTeamAsync();
        // Both teams have an approved affiliate "partner123"; the program decides.
        var response = await mine.Client.PostJsonAsync("/v1/clicks", new { programId = theirs.ProgramId, trackingId = theirs.TrackingId });
        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
