using System.Security.Cryptography;
using Bridge.Core.Outbound;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using StandardWebhooks;

namespace Bridge.Api.Tests.Outbound;

/// <summary>
/// Outbound webhooks as Affonso sends them: written in the transaction of the change (outbox), signed so Affonso-style
/// receivers and the standardwebhooks library both verify, sent at least once with back-off, resendable.
/// </summary>
public sealed class OutboundWebhooksTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(BridgeApplication App, RecordingReceiver Receiver)> StartAsync(StoreKind kind, Dictionary<string, string?>? settings = null)
    {
        var receiver = new RecordingReceiver();
        var all = new Dictionary<string, string?> { ["Outbound:IntervalSeconds"] = "1", ["Outbound:RetrySchedule:0"] = "00:00:01", ["Outbound:RetrySchedule:1"] = "00:00:01" };
        foreach (var (key, value) in settings ?? [])
            all[key] = value;
        var app = new BridgeApplication(await TestStores.CreateAsync(kind), all,
            services => services.AddHttpClient(Bridge.Host.Features.Outbound.OutboundDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => receiver));
        return (app, receiver);
    }

    private static async Task<(string Id, string Secret)> RegisterAsync(TestTeam team, params string[] events)
    {
        var body = await ApiAssert.StatusAsync(await team.Client.PostAsJsonAsync("/v1/webhooks/endpoints", new { url = "https://merchant.example/hooks", events }, Ct), HttpStatusCode.Created);
        return (body["data"]!["id"]!.GetValue<string>(), body["data"]!["secret"]!.GetValue<string>());
    }

    [Theory, BothStores]
    public async Task SignupConversionAndRefundsFireAffonsosEventsSignedForBothVerifiers(StoreKind kind)
    {
        var (app, receiver) = await StartAsync(kind);
        await using var _ = app;
        var team = await app.CreateTeamAsync();
        var (_, secret) = await RegisterAsync(team, "referral.*", "transaction.*");

        var lead = await team.LeadAsync("jane@example.com");
        var conversion = await ApiAssert.StatusAsync(await team.Client.PostAsJsonAsync("/v1/conversions",
            new { referral_id = lead, sale_amount = 99.00m, sale_amount_currency = "USD", external_event_id = "inv_1" }, Ct), HttpStatusCode.Created);
        var id = conversion["data"]!["id"]!.GetValue<string>();
        await team.Client.PostAsJsonAsync($"/v1/conversions/{id}/refund", new { amount = 49.50m, external_event_id = "r1" }, Ct);
        await team.Client.PostAsJsonAsync($"/v1/conversions/{id}/refund", new { external_event_id = "r2" }, Ct);

        await receiver.WaitForAsync(r => r.Type == "transaction.rejected", 1);
        var types = receiver.Requests.Select(r => r.Type).ToList();
        Assert.Equal(1, types.Count(t => t == "referral.lead"));
        Assert.Contains("referral.converted", types);
        Assert.Equal(1, types.Count(t => t == "transaction.created"));
        Assert.Contains("transaction.updated", types);

        var lead_ = receiver.Requests.First(r => r.Type == "referral.lead").Json;
        Assert.StartsWith("evt_", lead_["id"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", lead_["createdAt"]!.GetValue<string>());
        Assert.Equal(lead, lead_["data"]!["referralId"]!.GetValue<string>());
        Assert.Equal("LEAD", lead_["data"]!["status"]!.GetValue<string>());
        Assert.Equal("partner123", lead_["data"]!["trackingId"]!.GetValue<string>());

        var created = receiver.Requests.First(r => r.Type == "transaction.created").Json["data"]!;
        Assert.Equal(29.7m, created["commissionAmount"]!.GetValue<decimal>());
        Assert.Equal("READY_FOR_PAYMENT", created["commissionStatus"]!.GetValue<string>());
        Assert.Equal("COMPLETE", created["salesStatus"]!.GetValue<string>());
        var partial = receiver.Requests.Where(r => r.Type == "transaction.updated").Select(r => r.Json["data"]!)
            .First(d => d["salesStatus"]!.GetValue<string>() == "PARTIAL_REFUNDED");
        Assert.Equal(14.85m, partial["commissionAmount"]!.GetValue<decimal>());
        var rejected = receiver.Requests.First(r => r.Type == "transaction.rejected").Json["data"]!;
        Assert.Equal("REFUNDED", rejected["commissionStatus"]!.GetValue<string>());

        foreach (var request in receiver.Requests)
        {
            Assert.True(AffonsoStyleReceiverAccepts(request, secret), $"X-Affonso-Signature did not verify for {request.Type}");
            var headers = new HeaderDictionary(request.Headers.ToDictionary(h => h.Key, h => new StringValues(h.Value)));
            new StandardWebhook(secret).Verify(request.Body, headers);
        }
        var tampered = receiver.Requests.First();
        Assert.False(AffonsoStyleReceiverAccepts(tampered with { Body = tampered.Body.Replace("evt_", "evt_x") }, secret));
        Assert.ThrowsAny<Exception>(() => new StandardWebhook(secret).Verify(tampered.Body + " ",
            new HeaderDictionary(tampered.Headers.ToDictionary(h => h.Key, h => new StringValues(h.Value)))));
    }

    [Theory, BothStores]
    public async Task TenConcurrentIdenticalSignupsReportOneLead(StoreKind kind)
    {
        var (app, receiver) = await StartAsync(kind);
        await using var _ = app;
        var team = await app.CreateTeamAsync();
        await RegisterAsync(team, "referral.lead");
        var click = await team.ClickAsync();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => team.Client.PostAsJsonAsync("/v1/signups", new { click_id = click, email = "once@example.com" }, Ct)));
        await receiver.WaitForAsync(r => r.Type == "referral.lead", 1);
        await Task.Delay(2500, Ct);
        Assert.Single(receiver.Requests, r => r.Type == "referral.lead");
    }

    [Theory, BothStores]
    public async Task FailedDeliveriesAreRetriedWithTheirAttemptsLoggedAndCanBeResent(StoreKind kind)
    {
        var (app, receiver) = await StartAsync(kind);
        await using var _ = app;
        receiver.StatusFor = call => call <= 3 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK;
        var team = await app.CreateTeamAsync();
        await RegisterAsync(team, "affiliate.created");
        await ApiAssert.StatusAsync(await team.Client.PostAsJsonAsync("/v1/affiliates", new { name = "Ada", email = "ada@p.example", program_id = team.ProgramId }, Ct), HttpStatusCode.Created);

        var delivery = await WaitForDeliveryAsync(team, d => d["event_type"]!.GetValue<string>() == "affiliate.created" && d["status"]!.GetValue<string>() == "failed");
        var detail = (await ApiAssert.StatusAsync(await team.Client.GetAsync($"/v1/webhooks/deliveries/{delivery}", Ct), HttpStatusCode.OK))["data"]!;
        var attempts = detail["attempt_log"]!.AsArray();
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(500, a!["status_code"]!.GetValue<int>()));
        Assert.Contains("receiver says no", attempts[0]!["response_snippet"]!.GetValue<string>());
        Assert.Equal("affiliate.created", detail["payload"]!["type"]!.GetValue<string>());

        await ApiAssert.StatusAsync(await team.Client.PostAsync($"/v1/webhooks/deliveries/{delivery}/resend", null, Ct), HttpStatusCode.OK);
        await WaitForDeliveryAsync(team, d => d["id"]!.GetValue<string>() == delivery && d["status"]!.GetValue<string>() == "delivered");
    }

    [Theory, BothStores]
    public async Task AnEndpointThatKeepsFailingIsDisabled(StoreKind kind)
    {
        var (app, receiver) = await StartAsync(kind, new() { ["Outbound:DisableAfterConsecutiveFailures"] = "2", ["Outbound:DisableAfterFailingFor"] = "00:00:00" });
        await using var _ = app;
        receiver.StatusFor = _ => HttpStatusCode.ServiceUnavailable;
        var team = await app.CreateTeamAsync();
        var (endpoint, _) = await RegisterAsync(team, "referral.lead");
        await team.LeadAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonNode state;
        do
        {
            await Task.Delay(200, Ct);
            state = (await ApiAssert.StatusAsync(await team.Client.GetAsync($"/v1/webhooks/endpoints/{endpoint}", Ct), HttpStatusCode.OK))["data"]!;
        }
        while (state["enabled"]!.GetValue<bool>() && DateTime.UtcNow < deadline);
        Assert.False(state["enabled"]!.GetValue<bool>());
        Assert.Contains("consecutive failed attempts", state["disabled_reason"]!.GetValue<string>());
        Assert.DoesNotContain("secret", state.AsObject().Select(p => p.Key));
    }

    [Theory, BothStores]
    public async Task ASlowReceiverNeverSlowsIngestion(StoreKind kind)
    {
        var (app, receiver) = await StartAsync(kind);
        await using var _ = app;
        receiver.Delay = TimeSpan.FromSeconds(8);
        var team = await app.CreateTeamAsync();
        await RegisterAsync(team, "transaction.created", "referral.lead");
        var connection = await team.ConnectAsync();
        var click = await team.ClickAsync();
        await team.Client.PostAsJsonAsync("/v1/signups", new { click_id = click, email = "slow@example.com" }, Ct);
        var timings = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var started = DateTime.UtcNow;
            await team.DeliverOkAsync(connection, StripeEvents.OneTimeCheckout($"evt_slow_{i}", $"cs_{i}", $"pi_{i}", "cus_slow", 1000, "usd", click, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
            timings.Add(DateTime.UtcNow - started);
        }
        Assert.All(timings, t => Assert.True(t < TimeSpan.FromSeconds(2), $"an acknowledgement took {t.TotalMilliseconds:0} ms while the receiver hung"));
    }

    [Theory, BothStores]
    public async Task UnknownEventTypesAndBadUrlsAreRefused(StoreKind kind)
    {
        var (app, _) = await StartAsync(kind);
        await using var __ = app;
        var team = await app.CreateTeamAsync();
        await ApiAssert.ErrorAsync(await team.Client.PostAsJsonAsync("/v1/webhooks/endpoints", new { url = "https://x.example", events = new[] { "payment.made" } }, Ct), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await ApiAssert.ErrorAsync(await team.Client.PostAsJsonAsync("/v1/webhooks/endpoints", new { url = "ftp://x.example", events = new[] { "referral.lead" } }, Ct), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var list = await ApiAssert.StatusAsync(await team.Client.GetAsync("/v1/webhooks/endpoints", Ct), HttpStatusCode.OK);
        Assert.Empty(list["data"]!.AsArray());
    }

    /// <summary>The verification recipe of Affonso's docs: HMAC-SHA256 of "{t}.{body}" with the signing secret, hex, compared in constant time.</summary>
    private static bool AffonsoStyleReceiverAccepts(RecordingReceiver.Received request, string secret)
    {
        var header = request.Headers["X-Affonso-Signature"];
        var t = request.Headers["X-Affonso-Timestamp"];
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        if (parts["t"] != t || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(t, System.Globalization.CultureInfo.InvariantCulture)) > 300)
            return false;
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{request.Body}")));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts["v1"]));
    }

    private static async Task<string> WaitForDeliveryAsync(TestTeam team, Func<JsonNode, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (true)
        {
            var page = (await ApiAssert.StatusAsync(await team.Client.GetAsync("/v1/webhooks/deliveries?limit=100", Ct), HttpStatusCode.OK))["data"]!.AsArray();
            if (page.FirstOrDefault(d => match(d!)) is { } found)
                return found["id"]!.GetValue<string>();
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("no matching delivery: " + page.ToJsonString());
            await Task.Delay(200, Ct);
        }
    }
}
