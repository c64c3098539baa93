using Dapper;

namespace Bridge.Api.Tests.Production;

/// <summary>/health/live and /health/ready: each readiness check, and the 503s.</summary>
public sealed class HealthTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    [Theory, BothStores]
    public async Task ReadyListsEachCheckWhenAllPass(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var body = await WaitForReadyAsync(app);
        Assert.Equal("healthy", body["status"]!.GetValue<string>());
        foreach (var check in new[] { "database", "migrations", "inbox_worker", "shutdown" })
            Assert.Equal("healthy", body["checks"]![check]!["status"]!.GetValue<string>());
        Assert.Equal("up to date", body["checks"]!["migrations"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task LiveAnswers200WithoutAKeyAndOutsideTheRateLimit()
    {
        var app = await apps.GetAsync(StoreKind.Sqlite);
        var response = await app.CreateClient().GetAsync("/health/live", TestContext.Current.CancellationToken);
        var body = await ApiAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("healthy", body["status"]!.GetValue<string>());
        Assert.False(response.Headers.Contains("X-RateLimit-Limit"));
    }

    [Theory, BothStores]
    public async Task ReadyIs503WhileAMigrationIsMissing(StoreKind kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new BridgeApplication(await TestStores.CreateAsync(kind));
        await WaitForReadyAsync(app);
        await using var db = await app.Get<BridgeDatabase>().OpenAsync(ct);
        var latest = await db.ExecuteScalarAsync<int>("SELECT MAX(version) FROM schema_version");
        await db.ExecuteAsync("DELETE FROM schema_version WHERE version = @latest", new { latest });

        var response = await app.CreateClient().GetAsync("/health/ready", ct);
        var body = await ApiAssert.StatusAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unhealthy", body["status"]!.GetValue<string>());
        Assert.Equal("unhealthy", body["checks"]!["migrations"]!["status"]!.GetValue<string>());
        Assert.Contains($"{latest:0000}", body["checks"]!["migrations"]!["description"]!.GetValue<string>());
        Assert.Equal("healthy", body["checks"]!["database"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReadyIs503WhenTheWorkerStopsLooping()
    {
        // One worker loop that sleeps an hour between polls: it loops only when signalled, and is stale 1 s after the last.
        await using var app = new BridgeApplication(await TestStores.CreateAsync(StoreKind.Sqlite), new Dictionary<string, string?>
        {
            ["Inbox:Workers"] = "1",
            ["Inbox:PollInterval"] = "01:00:00",
            ["Health:WorkerStaleAfter"] = "00:00:01",
        });
        await WaitForReadyAsync(app, () => app.Get<Bridge.Host.Processing.InboxSignal>().Notify());
        await Task.Delay(TimeSpan.FromSeconds(2.5), TestContext.Current.CancellationToken);
        var body = await ApiAssert.StatusAsync(await app.CreateClient().GetAsync("/health/ready", TestContext.Current.CancellationToken), HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unhealthy", body["checks"]!["inbox_worker"]!["status"]!.GetValue<string>());
        Assert.StartsWith("no loop for", body["checks"]!["inbox_worker"]!["description"]!.GetValue<string>());
        Assert.Equal("healthy", body["checks"]!["database"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnInstanceWithoutAWorkerIsReadyWithoutOne()
    {
        await using var app = new BridgeApplication(await TestStores.CreateAsync(StoreKind.Sqlite), new Dictionary<string, string?> { ["Inbox:Enabled"] = "false" });
        var body = await ApiAssert.StatusAsync(await app.CreateClient().GetAsync("/health/ready", TestContext.Current.CancellationToken), HttpStatusCode.OK);
        Assert.StartsWith("disabled", body["checks"]!["inbox_worker"]!["description"]!.GetValue<string>());
    }

    /// <summary>The worker's first loop runs just after start; readiness follows within moments.</summary>
    private static async Task<JsonObject> WaitForReadyAsync(BridgeApplication app, Action? beforeEachTry = null)
    {
        var client = app.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            beforeEachTry?.Invoke();
            var response = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
                return JsonNode.Parse(text)!.AsObject();
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"not ready: {text}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
