using System.Text.RegularExpressions;
using Bridge.Core.ApiKeys;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace Bridge.Api.Tests.Production;

/// <summary>
/// Everything the host logs — request lines, ingestion, the worker, auth failures, at Debug level — while it handles API
/// keys, webhook secrets and signatures, and not one of those values appears in any line.
/// </summary>
public sealed class SecretLoggingTests
{
    [Theory, BothStores]
    public async Task NoKeySecretOrSignatureIsEverLogged(StoreKind kind)
    {
        var ct = TestContext.Current.CancellationToken;
        var logs = new LogCapture();
        await using var app = new BridgeApplication(await TestStores.CreateAsync(kind),
            new Dictionary<string, string?> { ["Logging:MinimumLevel"] = "Debug" },
            services => services.AddSingleton<ILogEventSink>(logs));
        var team = await app.CreateTeamAsync();
        var secrets = new List<string> { team.ApiKey };

        // A key made the way the CLI's `keys create` makes it.
        var cliKey = (await app.Get<ApiKeyStore>().CreateAsync(team.TeamId, "cli", ApiKeyScopes.All, ct: ct)).PlainText;
        secrets.Add(cliKey);
        var cliClient = app.ClientWithKey(cliKey);

        // API calls with a key: success, validation error, not found, a key in the query string, a wrong key.
        var click = await team.ClickAsync("203.0.113.7");
        Assert.Equal(HttpStatusCode.Created, (await team.Client.PostAsJsonAsync("/v1/signups", new { click_id = click, email = "jane@example.com" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await cliClient.PostAsJsonAsync("/v1/signups", new { click_id = click, email = "not-an-email" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cliClient.GetAsync("/v1/referrals/ref_missing", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await team.Client.GetAsync($"/v1/program?api_key={cliKey}", ct)).StatusCode);
        var wrongKey = "sk_live_" + new string('x', 40);
        secrets.Add(wrongKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientWithKey(wrongKey).GetAsync("/v1/program", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await team.Client.PostAsync("/v1/connections", ApiAssert.Json("{\"provider\":\"stripe\",\"secret\":\"whsec_in_broken_json"), ct)).StatusCode);
        secrets.Add("whsec_in_broken_json");

        // A connection with two secrets, then a rotation.
        const string primary = "whsec_primary_secret_0123456789abcdef";
        const string secondary = "whsec_secondary_secret_fedcba9876543210";
        const string rotated = "whsec_rotated_secret_aaaabbbbccccdddd";
        secrets.AddRange([primary, secondary, rotated]);
        var created = await ApiAssert.StatusAsync(await team.Client.PostAsJsonAsync("/v1/connections", new { provider = "stripe", secret = primary, secondary_secret = secondary, mode = "test" }, ct), HttpStatusCode.Created);
        var connection = created["data"]!["id"]!.GetValue<string>();
        await ApiAssert.StatusAsync(await team.Client.PatchAsJsonAsync($"/v1/connections/{connection}", new { secret = rotated, secondary_secret = primary }, ct), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.BadRequest, (await team.Client.PostAsJsonAsync("/v1/connections", new { provider = "stripe", secret = "not_a_whsec_" + rotated }, ct)).StatusCode);

        // A signed delivery (processed by the worker) and a forged one; their signature headers and v1 digests.
        var body = StripeEvents.OneTimeCheckout("evt_logs_1", "cs_logs_1", "pi_logs_1", "cus_logs", 9900, "usd", click, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var signed = await SendAsync(app, connection, body, rotated, secrets, ct);
        var ack = await ApiAssert.StatusAsync(signed, HttpStatusCode.OK);
        await team.WaitForAsync(ack["id"]!.GetValue<string>(), "processed");
        var forged = await SendAsync(app, connection, body.Replace("9900", "99000", StringComparison.Ordinal), "whsec_attacker_guess_0000", secrets, ct);
        await ApiAssert.ErrorAsync(forged, HttpStatusCode.BadRequest, "INVALID_SIGNATURE");
        secrets.Add("whsec_attacker_guess_0000");

        var lines = logs.Lines;
        Assert.Contains(lines, line => line.Contains("\"RequestPath\":\"/webhooks/stripe/" + connection, StringComparison.Ordinal) && line.Contains("\"InboundEventId\":\"" + ack["id"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Contains(logs.Events, e => e.MessageTemplate.Text.StartsWith("Rejected", StringComparison.Ordinal) && e.Properties["ConnectionId"].ToString() == $"\"{connection}\"");
        Assert.Contains(lines, line => line.Contains("\"TeamId\":\"" + team.TeamId, StringComparison.Ordinal));
        foreach (var secret in secrets.Distinct())
        {
            var leaks = lines.Where(line => line.Contains(secret, StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, $"'{secret[..Math.Min(12, secret.Length)]}…' appears in {leaks.Count} log line(s): {string.Join("\n", leaks.Take(3))}");
        }
    }

    /// <summary>Delivers a Stripe-signed body and adds the header value and its v1 digest to the values that must not be logged.</summary>
    private static async Task<HttpResponseMessage> SendAsync(BridgeApplication app, string connection, string body, string secret, List<string> secrets, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var header = Bridge.Providers.ProviderCatalog.Find("stripe")!.Sign(bytes, secret, DateTimeOffset.UtcNow, "unused")["Stripe-Signature"];
        secrets.Add(header);
        secrets.Add(Regex.Match(header, "v1=([0-9a-f]+)").Groups[1].Value);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/stripe/{connection}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Stripe-Signature", header);
        return await app.CreateClient().SendAsync(request, ct);
    }
}
