namespace Bridge.Api.Tests.Contract;

/// <summary><c>clicks.create</c> of @affonso/sdk, request for request.</summary>
public sealed class ClicksContractTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    [Theory, BothStores]
    public async Task ClicksCreate(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var sdk = new SdkWire(team.App, team.ApiKey);
        // ClickCreateParams is camelCase on the wire (the body is the params object as given).
        var body = await sdk.RequestAsync("POST", "/clicks", body: new JsonObject
        {
            ["programId"] = team.ProgramId,
            ["trackingId"] = team.TrackingId,
            ["utmSource"] = "google",
            ["gclid"] = "abc123",
            ["sub1"] = "landing-page",
            ["createdAt"] = "2026-01-02T03:04:05.000Z",
        }, expected: HttpStatusCode.Created);
        var click = SdkType.Click.AssertShape(body["data"]);
        Assert.Equal((team.TrackingId, team.ProgramId, "2026-01-02T03:04:05.000Z"),
            (click["tracking_id"]!.GetValue<string>(), click["program_id"]!.GetValue<string>(), click["created_at"]!.GetValue<string>()));
    }
}
