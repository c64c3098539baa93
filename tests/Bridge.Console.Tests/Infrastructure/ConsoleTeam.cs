using Bridge.Core.Inbox;
using Bridge.Providers;

namespace Bridge.Console.Tests.Infrastructure;

/// <summary>A team of the running app: its key, and helpers that drive the API and the webhook endpoint over real HTTP.</summary>
public sealed record ConsoleTeam(ConsoleApp App, string TeamId, string ProgramId, string ApiKey)
{
    public const string StripeSecret = "whsec_console_tests_0123456789";

    public HttpClient Client { get; } = new() { BaseAddress = new Uri(App.BaseUrl), DefaultRequestHeaders = { { "Authorization", "Bearer " + ApiKey } } };

    /// <summary>A client without a key, as a provider calls.</summary>
    public HttpClient Anonymous { get; } = new() { BaseAddress = new Uri(App.BaseUrl) };

    public async Task<string> ConnectStripeAsync()
    {
        var response = await Client.PostAsJsonAsync("/v1/connections", new { provider = "stripe", secret = StripeSecret, mode = "test" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["data"]!["id"]!.GetValue<string>();
    }

    public async Task<string> ClickAsync()
    {
        var response = await Client.PostAsJsonAsync("/v1/clicks", new { programId = ProgramId, trackingId = "partner123" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["data"]!["id"]!.GetValue<string>();
    }

    /// <summary>Posts a Stripe delivery signed by the adapter production verifies with (or by <paramref name="secret"/>); returns the response.</summary>
    public Task<HttpResponseMessage> DeliverAsync(string connectionId, string body, string secret = StripeSecret)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/stripe/{connectionId}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in ProviderCatalog.Find("stripe")!.Sign(bytes, secret, DateTimeOffset.UtcNow, "msg_" + Guid.NewGuid().ToString("N")))
            request.Headers.TryAddWithoutValidation(name, value);
        return Anonymous.SendAsync(request);
    }

    /// <summary>Delivers and returns the inbound event id from the acknowledgement.</summary>
    public async Task<string> DeliverOkAsync(string connectionId, string body)
    {
        var response = await DeliverAsync(connectionId, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    /// <summary>Waits until the worker settles the event in <paramref name="status"/>.</summary>
    public async Task<InboundEvent> WaitForAsync(string inboundEventId, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var inbound = await App.Get<InboxStore>().GetAsync(TeamId, inboundEventId, TestContext.Current.CancellationToken);
            if (inbound?.Status == status)
                return inbound;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{inboundEventId} stayed '{inbound?.Status}' ({inbound?.Reason}); wanted {status}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
