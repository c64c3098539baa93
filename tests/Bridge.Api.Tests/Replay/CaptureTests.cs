using Bridge.Providers.Fixtures;

namespace Bridge.Api.Tests.Replay;

/// <summary>Capture mode turns real deliveries into fixtures (masked on request) that replay and check like the shipped ones.</summary>
public sealed class CaptureTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    [Theory, BothStores]
    public async Task CapturedDeliveriesBecomeReplayableFixturesWithMaskedPersonalData(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var connection = await team.ConnectAsync("stripe", ReplayKit.Secrets["stripe"]);
        var folder = Path.Combine(Path.GetTempPath(), "bridge-capture-" + Guid.NewGuid().ToString("N"));
        var (exit, output) = await ReplayKit.RunCliAsync(app, "capture", "--team", team.TeamId, "--connection", connection, "--dir", folder, "--mask");
        Assert.True(exit == 0, output);

        var source = CapturedEvent.LoadOne(Path.Combine(RepoPaths.FixturesOf("stripe"), "initial_one_time.checkout.session.completed.json"));
        var delivered = await ApiAssert.StatusAsync(await team.DeliverAsync(connection, Encoding.UTF8.GetString(source.Body), secret: ReplayKit.Secrets["stripe"]), HttpStatusCode.OK);
        await team.WaitForAsync(delivered["id"]!.GetValue<string>());

        var captured = await WaitForCaptureAsync(folder);
        Assert.Equal("stripe", captured.Sidecar.Provider);
        Assert.Equal(source.Sidecar.EventId, captured.Sidecar.EventId);
        var body = Encoding.UTF8.GetString(captured.Body);
        Assert.DoesNotContain("example@example.com", body);
        Assert.Contains("@example.com", body);
        Assert.Contains("masked", captured.Sidecar.Notes);
        Assert.DoesNotContain(captured.Sidecar.Headers.Keys, header => header.Equals("Stripe-Signature", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(2000, captured.Sidecar.Payments.Single()["amount_minor"]!.GetValue<long>());
        Assert.Equal("initial", captured.Sidecar.Payments.Single()["kind"]!.GetValue<string>());

        // Capture off, then the captured folder replays and checks like any fixture folder (on a fresh connection).
        (exit, output) = await ReplayKit.RunCliAsync(app, "capture", "--team", team.TeamId, "--connection", connection, "--off");
        Assert.True(exit == 0, output);
        var replayTarget = await team.ConnectAsync("stripe", ReplayKit.Secrets["stripe"]);
        (exit, output) = await ReplayKit.RunCliAsync(app, "replay", folder, "--url", "http://localhost", "--connection", replayTarget,
            "--secret", ReplayKit.Secrets["stripe"], "--expect", "--api-key", team.ApiKey, "--json");
        Assert.True(exit == 0, output);
        Directory.Delete(folder, recursive: true);
    }

    [Theory, BothStores]
    public async Task InboxEventsReplayToAnotherConnectionThroughTheSameSendingPath(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var source = await team.ConnectAsync("stripe", ReplayKit.Secrets["stripe"]);
        var target = await team.ConnectAsync("stripe", "whsec_another_endpoint");
        var ack = await ApiAssert.StatusAsync(await team.DeliverAsync(source, StripeEvents.Unrelated("evt_from_inbox", DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            secret: ReplayKit.Secrets["stripe"]), HttpStatusCode.OK);
        var id = ack["id"]!.GetValue<string>();
        await team.WaitForAsync(id, "ignored");

        var (exit, output) = await ReplayKit.RunCliAsync(app, "replay", "--from-inbox", "--team", team.TeamId, "--status", "ignored", "--url", "http://localhost",
            "--connection", target, "--secret", "whsec_another_endpoint", "--json");
        Assert.True(exit == 0, output);
        var page = await ApiAssert.StatusAsync(await team.Client.GetAsync("/v1/inbound-events?limit=10", TestContext.Current.CancellationToken), HttpStatusCode.OK);
        Assert.Equal(2, page["data"]!.AsArray().Count(e => e!["provider_event_id"]!.GetValue<string>() == "evt_from_inbox"));
        Assert.Contains(page["data"]!.AsArray(), e => e!["connection_id"]!.GetValue<string>() == target);
    }

    private static async Task<CapturedEvent> WaitForCaptureAsync(string folder)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(folder) && Directory.GetFiles(folder, "*.expect.json").Length == 1)
                return CapturedEvent.Load([folder]).Single();
            await Task.Delay(50);
        }
        throw new TimeoutException($"nothing captured into {folder}");
    }
}
