using Bridge.Core.Inbox;
using Dapper;
using Npgsql;

namespace Bridge.Api.Tests.Pipeline;

/// <summary>The webhook status-code policy, one test per row: 404 unknown, 400 forged/stale, 413 too large, 200 stored (also duplicates and ignored types), 503 database down.</summary>
public sealed class WebhookIngestionTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Theory, BothStores]
    public async Task UnknownProviderOrConnectionIsNotFound(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var connection = await team.ConnectAsync();
        var body = StripeEvents.Unrelated("evt_" + Guid.NewGuid().ToString("N"), Now);

        await ApiAssert.ErrorAsync(await team.DeliverAsync("con_does_not_exist", body), HttpStatusCode.NotFound, "NOT_FOUND");
        var wrongProvider = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/paddle/{connection}") { Content = ApiAssert.Json(body) };
        await ApiAssert.ErrorAsync(await team.App.CreateClient().SendAsync(wrongProvider, Ct), HttpStatusCode.NotFound, "NOT_FOUND");
        var unknown = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/lemonsqueezy/{connection}") { Content = ApiAssert.Json(body) };
        await ApiAssert.ErrorAsync(await team.App.CreateClient().SendAsync(unknown, Ct), HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(0, await CountAsync(team));
    }

    [Theory, BothStores]
    public async Task ForgedStaleAndUnsignedRequestsAreRefusedAndNothingIsStored(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var connection = await team.ConnectAsync();
        var body = StripeEvents.Unrelated("evt_" + Guid.NewGuid().ToString("N"), Now);

        var forged = await ApiAssert.ErrorAsync(await team.DeliverAsync(connection, body, secret: "whsec_someone_else"), HttpStatusCode.BadRequest, "INVALID_SIGNATURE");
        Assert.Contains("no v1 signature", forged["error"]!["message"]!.GetValue<string>());
        var stale = await ApiAssert.ErrorAsync(await team.DeliverAsync(connection, body, signedAt: DateTimeOffset.UtcNow.AddMinutes(-6)), HttpStatusCode.BadRequest, "INVALID_SIGNATURE");
        Assert.Contains("too old", stale["error"]!["message"]!.GetValue<string>());
        await ApiAssert.ErrorAsync(await team.DeliverAsync(connection, body, signedAt: DateTimeOffset.UtcNow.AddMinutes(6)), HttpStatusCode.BadRequest, "INVALID_SIGNATURE");
        var unsigned = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/stripe/{connection}") { Content = ApiAssert.Json(body) };
        var missing = await ApiAssert.ErrorAsync(await team.App.CreateClient().SendAsync(unsigned, Ct), HttpStatusCode.BadRequest, "INVALID_SIGNATURE");
        Assert.Contains("missing", missing["error"]!["message"]!.GetValue<string>());

        Assert.Equal(0, await CountAsync(team));
        var rejections = await ApiAssert.StatusAsync(await team.Client.GetAsync("/v1/connections/rejections", Ct), HttpStatusCode.OK);
        Assert.Equal(4, rejections["data"]!.AsArray().Count);
        Assert.DoesNotContain(WebhookKit.StripeSecret, rejections.ToJsonString());
    }

    [Theory, BothStores]
    public async Task TamperedBodyIsRefused(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var connection = await team.ConnectAsync();
        var body = StripeEvents.Unrelated("evt_" + Guid.NewGuid().ToString("N"), Now);
        var signed = await team.DeliverAsync(connection, body);
        await ApiAssert.StatusAsync(signed, HttpStatusCode.OK);

        var adapter = Bridge.Providers.ProviderCatalog.Find("stripe")!;
        var header = adapter.Sign(Encoding.UTF8.GetBytes(body), WebhookKit.StripeSecret, DateTimeOffset.UtcNow, "x")["Stripe-Signature"];
        var tampered = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/stripe/{connection}") { Content = ApiAssert.Json(body.Replace("cus_unrelated", "cus_attacker")) };
        tampered.Headers.TryAddWithoutValidation("Stripe-Signature", header);
        await ApiAssert.ErrorAsync(await team.App.CreateClient().SendAsync(tampered, Ct), HttpStatusCode.BadRequest, "INVALID_SIGNATURE");
        Assert.Equal(1, await CountAsync(team));
    }

    [Theory, BothStores]
    public async Task OversizedBodyIsRefusedWith413(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var connection = await team.ConnectAsync();
        var padding = new string('x', 1024 * 1024 + 10);
        var body = StripeEvents.Unrelated("evt_" + Guid.NewGuid().ToString("N"), Now).Replace("\"customer\"", $"\"customer\",\"pad\":\"{padding}\"");
        await ApiAssert.ErrorAsync(await team.DeliverAsync(connection, body), HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        Assert.Equal(0, await CountAsync(team));
    }

    [Theory, BothStores]
    public async Task DuplicateDeliveryAnswers200WithTheSameIdAndStoresOneRow(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var connection = await team.ConnectAsync();
        var body = StripeEvents.Unrelated("evt_" + Guid.NewGuid().ToString("N"), Now);

        var first = await ApiAssert.StatusAsync(await team.DeliverAsync(connection, body), HttpStatusCode.OK);
        var second = await ApiAssert.StatusAsync(await team.DeliverAsync(connection, body), HttpStatusCode.OK);
        Assert.False(first["duplicate"]!.GetValue<bool>());
        Assert.True(second["duplicate"]!.GetValue<bool>());
        Assert.Equal(first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());
        Assert.StartsWith("evt_", first["id"]!.GetValue<string>());
        Assert.Equal(1, await CountAsync(team));
    }

    [Theory, BothStores]
    public async Task UnsupportedEventTypeIsAcknowledgedAndRecordedAsIgnored(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var connection = await team.ConnectAsync();
        var id = await team.DeliverOkAsync(connection, StripeEvents.Unrelated("evt_" + Guid.NewGuid().ToString("N"), Now));
        var detail = await team.WaitForAsync(id, "ignored");
        Assert.Contains("customer.created", detail["reason"]!.GetValue<string>());
        Assert.Equal("ignored", detail["payments"]![0]!["kind"]!.GetValue<string>());
    }

    [Theory, BothStores]
    public async Task TestModeEventOnALiveConnectionIsIgnored(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var connection = await team.ConnectAsync(mode: "live");
        var click = await team.ClickAsync();
        var id = await team.DeliverOkAsync(connection, StripeEvents.OneTimeCheckout("evt_" + Guid.NewGuid().ToString("N"), "cs_1", "pi_1", "cus_1", 2000, "usd", click, Now));
        var detail = await team.WaitForAsync(id, "ignored");
        Assert.Equal("test-mode event on a live connection", detail["reason"]!.GetValue<string>());
        Assert.Empty(await team.CommissionsAsync());
    }

    [Fact]
    public async Task DatabaseDownAnswers503AndNeverAcknowledges()
    {
        var app = await apps.GetAsync(StoreKind.Postgres);
        var team = await app.CreateTeamAsync();
        var connection = await team.ConnectAsync();
        var database = new NpgsqlConnectionStringBuilder(app.Store.ConnectionString).Database!;
        var admin = (await PostgresCluster.SharedAsync()).AdminConnectionString;
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.ExecuteAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
            await conn.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @database", new { database });
        }
        try
        {
            var response = await team.DeliverAsync(connection, StripeEvents.Unrelated("evt_" + Guid.NewGuid().ToString("N"), Now));
            await ApiAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
        }
        finally
        {
            await using var conn = new NpgsqlConnection(admin);
            await conn.ExecuteAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        }
        Assert.Equal(0, await CountAsync(team));
        Assert.Equal(HttpStatusCode.OK, (await team.DeliverAsync(connection, StripeEvents.Unrelated("evt_" + Guid.NewGuid().ToString("N"), Now))).StatusCode);
    }

    private static async Task<long> CountAsync(TestTeam team)
    {
        await using var connection = await team.App.Get<BridgeDatabase>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbound_events WHERE team_id = @TeamId", team);
    }
}
