using Bridge.Providers;

namespace Bridge.Api.Tests.Infrastructure;

/// <summary>Registers connections and delivers webhooks signed by the same adapter code production verifies with.</summary>
public static class WebhookKit
{
    public const string StripeSecret = "whsec_bridge_tests_0123456789";

    public static async Task<string> ConnectAsync(this TestTeam team, string provider = "stripe", string secret = StripeSecret, string mode = "test")
    {
        var response = await team.Client.PostAsJsonAsync("/v1/connections", new { provider, secret, mode });
        var body = await ApiAssert.StatusAsync(response, HttpStatusCode.Created);
        return body["data"]!["id"]!.GetValue<string>();
    }

    /// <summary>Posts <paramref name="body"/> to the connection's webhook URL, signed now (or at <paramref name="signedAt"/>).</summary>
    public static Task<HttpResponseMessage> DeliverAsync(this TestTeam team, string connectionId, string body, string? eventId = null,
        string provider = "stripe", string secret = StripeSecret, DateTimeOffset? signedAt = null)
    {
        var adapter = ProviderCatalog.Find(provider)!;
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/{provider}/{connectionId}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in adapter.Sign(bytes, secret, signedAt ?? DateTimeOffset.UtcNow, eventId ?? "msg_" + Guid.NewGuid().ToString("N")))
            request.Headers.TryAddWithoutValidation(name, value);
        return team.App.CreateClient().SendAsync(request);
    }

    /// <summary>Delivers and returns the inbound event id from the acknowledgement (asserting 200).</summary>
    public static async Task<string> DeliverOkAsync(this TestTeam team, string connectionId, string body, string? eventId = null)
    {
        var ack = await ApiAssert.StatusAsync(await team.DeliverAsync(connectionId, body, eventId), HttpStatusCode.OK);
        Assert.True(ack["received"]!.GetValue<bool>());
        return ack["id"]!.GetValue<string>();
    }

    /// <summary>Waits until the event reaches one of the statuses (processing runs in the background worker).</summary>
    public static async Task<JsonObject> WaitForAsync(this TestTeam team, string inboundEventId, params string[] statuses)
    {
        statuses = statuses.Length == 0 ? ["processed", "ignored", "failed"] : statuses;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var detail = (await ApiAssert.StatusAsync(await team.Client.GetAsync($"/v1/inbound-events/{inboundEventId}"), HttpStatusCode.OK))["data"]!.AsObject();
            if (statuses.Contains(detail["status"]!.GetValue<string>()))
                return detail;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{inboundEventId} stayed '{detail["status"]}' ({detail["reason"]}); wanted {string.Join('/', statuses)}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until none of the team's inbound events is pending, processing or parked.</summary>
    public static async Task WaitUntilSettledAsync(this TestTeam team, int expectedEvents)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var page = (await ApiAssert.StatusAsync(await team.Client.GetAsync("/v1/inbound-events?limit=100"), HttpStatusCode.OK))["data"]!.AsArray();
            var open = page.Count(e => e!["status"]!.GetValue<string>() is "pending" or "processing" or "parked");
            if (page.Count >= expectedEvents && open == 0)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{open} of {page.Count} events still open: " + string.Join(", ", page.Where(e => e!["status"]!.GetValue<string>() is "pending" or "processing" or "parked").Select(e => $"{e!["type"]}={e["status"]} ({e["reason"]})")));
            await Task.Delay(50);
        }
    }

    public static async Task<JsonArray> CommissionsAsync(this TestTeam team)
    {
        var body = await ApiAssert.StatusAsync(await team.Client.GetAsync("/v1/commissions?limit=100&sort=created_at"), HttpStatusCode.OK);
        return body["data"]!.AsArray();
    }
}
