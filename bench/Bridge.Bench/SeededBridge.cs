using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Bridge.Bench;

/// <summary>A running bridge with its demo team, API key, program, Stripe connection and one signed-up referral.</summary>
public sealed class SeededBridge(BridgeProcess process, string apiKey, string programId, string connectionId) : IAsyncDisposable
{
    public BridgeProcess Process { get; } = process;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = process.Url,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public string ClickId { get; private set; } = "";

    public HttpRequestMessage ClickRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/clicks")
        {
            Content = JsonContent.Create(new { programId, trackingId = "partner123", ip = "203.0.113.9", utmSource = "bench" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return request;
    }

    public StripeLoad Webhooks(string runId) => new(Process.Url, connectionId, "whsec_bench_0123456789abcdef", ClickId, runId);

    public async Task SignUpOneReferralAsync()
    {
        using var click = await Http.SendAsync(ClickRequest());
        ClickId = (await click.Content.ReadFromJsonAsync<JsonObject>())!["data"]!["id"]!.GetValue<string>();
        using var signup = new HttpRequestMessage(HttpMethod.Post, "v1/signups") { Content = JsonContent.Create(new { click_id = ClickId, email = "bench@example.com" }) };
        signup.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        (await Http.SendAsync(signup)).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
    }
}
