namespace Bridge.Api.Tests.Foundation;

public sealed class SmokeTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    [Theory, BothStores]
    public async Task ClickThenSignupMakesALead(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        Assert.Equal(kind == StoreKind.Postgres ? Dialect.Postgres : Dialect.Sqlite, app.Get<StoreOptions>().Dialect);
        var team = await app.CreateTeamAsync();
        var click = await team.ClickAsync();
        var response = await team.Client.PostAsJsonAsync("/v1/signups", new { click_id = click, email = "lead@example.com" }, TestContext.Current.CancellationToken);
        var body = await ApiAssert.StatusAsync(response, HttpStatusCode.Created);
        Assert.Equal(click, body["data"]!["id"]!.GetValue<string>());
        Assert.Equal("lead", body["data"]!["status"]!.GetValue<string>());
    }
}
