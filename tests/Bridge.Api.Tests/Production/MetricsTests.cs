namespace Bridge.Api.Tests.Production;

/// <summary>/metrics (Prometheus text, anonymous) carries the bridge's instruments with a provider label.</summary>
public sealed class MetricsTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    [Theory, BothStores]
    public async Task ProcessedWebhookShowsUpInPrometheusMetrics(StoreKind kind)
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var connection = await team.ConnectAsync();
        var click = await team.ClickAsync();
        var body = StripeEvents.OneTimeCheckout("evt_metrics_1", "cs_metrics_1", "pi_metrics_1", "cus_metrics", 9900, "usd", click, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var id = await team.DeliverOkAsync(connection, body);
        await team.WaitForAsync(id, "processed");
        await team.DeliverOkAsync(connection, body); // duplicate
        await ApiAssert.ErrorAsync(await team.DeliverAsync(connection, body, secret: "whsec_not_the_secret"), HttpStatusCode.BadRequest, "INVALID_SIGNATURE");

        var response = await app.CreateClient().GetAsync("/metrics", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(ct);
        foreach (var series in new[]
                 {
                     "bridge_webhooks_received_total{", "bridge_webhooks_verified_total{", "bridge_webhooks_rejected_total{", "bridge_webhooks_duplicates_total{",
                     "bridge_webhooks_ack_latency_milliseconds_count{", "bridge_inbox_processing_lag_milliseconds_count{",
                 })
            Assert.Contains(text.Split('\n'), line => line.StartsWith(series, StringComparison.Ordinal) && line.Contains("provider=\"stripe\"", StringComparison.Ordinal));
        Assert.Contains(text.Split('\n'), line => line.StartsWith("bridge_inbox_settled_total{", StringComparison.Ordinal) && line.Contains("provider=\"stripe\"", StringComparison.Ordinal) && line.Contains("status=\"processed\"", StringComparison.Ordinal));
        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.Contains("dotnet_gc_collections_total", text);
        Assert.Contains("service_name=\"affonso-bridge\"", text);
    }
}
