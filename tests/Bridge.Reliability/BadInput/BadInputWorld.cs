using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Bridge.Core.ApiKeys;
using Bridge.Providers;

namespace Bridge.Reliability.BadInput;

/// <summary>A provider connection the webhook probes target, with the secrets that genuinely sign for it.</summary>
public sealed record WebhookConnection(string Provider, string Id, string Primary, string Secondary);

/// <summary>
/// Everything the bad-input generator draws from: team A (whose key most probes carry), team B (the foreign team), team W
/// (owns one live and one disabled connection per provider; only webhooks reach it, so no probe can rotate its secrets),
/// keys of every failing kind, a console session of A, the app's routes and the providers' fixture bodies.
/// </summary>
public sealed partial class BadInputWorld
{
    public required ReliabilityHost Host { get; init; }
    public required SeededTeam A { get; init; }
    public required SeededTeam B { get; init; }
    public required SeededTeam W { get; init; }
    public required IReadOnlyDictionary<string, WebhookConnection> Active { get; init; }
    public required IReadOnlyDictionary<string, WebhookConnection> Disabled { get; init; }
    public required string LimitedKey { get; init; }
    public required string DisabledKey { get; init; }
    public required string ExpiredKey { get; init; }
    public required IReadOnlyList<Route> Routes { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<byte[]>> Fixtures { get; init; }
    public required SecretScanner Secrets { get; init; }
    public ConsoleSession? Console { get; init; }

    /// <summary>Ids that existed when the run started, by the team that owns them.</summary>
    public string? TeamOf(string id) => A.AllIds.Contains(id) ? A.TeamId : B.AllIds.Contains(id) ? B.TeamId : W.AllIds.Contains(id) ? W.TeamId : null;

    public static async Task<BadInputWorld> CreateAsync(ReliabilityHost host, int seed, CancellationToken ct)
    {
        var secrets = new SecretScanner();
        var a = await SeededTeam.CreateAsync(host, "bad-input A", ct);
        await a.PopulateAsync(ct);
        var b = await SeededTeam.CreateAsync(host, "bad-input B", ct);
        await b.PopulateAsync(ct);
        var w = await SeededTeam.CreateAsync(host, "bad-input W", ct);

        var random = new Random(seed);
        var active = new Dictionary<string, WebhookConnection>();
        var disabled = new Dictionary<string, WebhookConnection>();
        foreach (var provider in ProviderCatalog.All)
        {
            active[provider.Name] = await ConnectAsync(w, provider.Name, random, ct);
            var off = await ConnectAsync(w, provider.Name, random, ct);
            Assert.True((await w.Client.DeleteAsync($"/v1/connections/{off.Id}", ct)).IsSuccessStatusCode);
            disabled[provider.Name] = off;
        }
        w.Ids[Kinds.Connection] = [.. active.Values.Select(c => c.Id), .. disabled.Values.Select(c => c.Id)];

        var keys = host.Get<ApiKeyStore>();
        var limited = await keys.CreateAsync(a.TeamId, "limited", [ApiKeyScopes.ReadReferrals], ct: ct);
        var disabledKey = await keys.CreateAsync(a.TeamId, "disabled", ApiKeyScopes.All, ct: ct);
        await keys.DisableAsync(a.TeamId, disabledKey.Key.Id, ct);
        var expired = await keys.CreateAsync(a.TeamId, "expired", ApiKeyScopes.All, DateTimeOffset.UtcNow.AddMinutes(-1), ct);

        foreach (var team in new[] { a, b, w })
        {
            secrets.Add(team.ApiKey, "API key");
            secrets.Add(team.ConnectionSecret, "connection secret");
            secrets.Add(team.EndpointSecret, "outbound endpoint secret");
        }
        foreach (var connection in active.Values.Concat(disabled.Values))
        {
            secrets.Add(connection.Primary, "connection secret");
            secrets.Add(connection.Secondary, "connection secret");
        }
        secrets.Add(limited.PlainText, "API key");
        secrets.Add(disabledKey.PlainText, "API key");
        secrets.Add(expired.PlainText, "API key");

        var console = await ConsoleSession.SignInAsync(host, a.ApiKey, ct);
        if (console is not null)
            secrets.Add(console.AuthCookie, "console session cookie");

        return new BadInputWorld
        {
            Host = host,
            A = a,
            B = b,
            W = w,
            Active = active,
            Disabled = disabled,
            LimitedKey = limited.PlainText,
            DisabledKey = disabledKey.PlainText,
            ExpiredKey = expired.PlainText,
            Routes = RouteCatalog.From(host.Services),
            Fixtures = ProviderCatalog.All.ToDictionary(p => p.Name, p => (IReadOnlyList<byte[]>)Directory
                .GetFiles(RepoPaths.FixturesOf(p.Name), "*.json")
                .Where(f => !f.EndsWith(".expect.json", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(File.ReadAllBytes)
                .ToList()),
            Secrets = secrets,
            Console = console,
        };
    }

    private static async Task<WebhookConnection> ConnectAsync(SeededTeam team, string provider, Random random, CancellationToken ct)
    {
        var primary = ProviderSecrets.For(provider, random);
        var secondary = ProviderSecrets.For(provider, random);
        var response = await team.Client.PostAsJsonAsync("/v1/connections", new { provider, secret = primary, secondary_secret = secondary, mode = "test" }, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return new WebhookConnection(provider, JsonNode.Parse(text)!["data"]!["id"]!.GetValue<string>(), primary, secondary);
    }
}

/// <summary>A signed-in console session (cookie scheme + antiforgery), when the app has a console.</summary>
public sealed partial record ConsoleSession(string AuthCookie, string CsrfCookie, string CsrfToken)
{
    public string CookieHeader => $"bridge_console={AuthCookie}; bridge_console_csrf={CsrfCookie}";

    /// <summary>Signs in on <c>/console/login</c> with the key and returns the cookies and a form token; null without a console.</summary>
    public static async Task<ConsoleSession?> SignInAsync(ReliabilityHost host, string apiKey, CancellationToken ct)
    {
        var client = host.RawClient();
        var page = await client.GetAsync("/console/login", ct);
        if (page.StatusCode != HttpStatusCode.OK)
            return null;
        var csrfCookie = CookieValue(page, "bridge_console_csrf");
        var token = FormToken(await page.Content.ReadAsStringAsync(ct));
        if (csrfCookie is null || token is null)
            return null;

        using var login = new HttpRequestMessage(HttpMethod.Post, "/console/login")
        {
            Content = new FormUrlEncodedContent([new("api_key", apiKey), new("__csrf", token), new("return_url", "/console/events")]),
        };
        login.Headers.Add("Cookie", $"bridge_console_csrf={csrfCookie}");
        var answer = await client.SendAsync(login, ct);
        var authCookie = CookieValue(answer, "bridge_console");
        if (authCookie is null)
            return null;

        // Tokens are bound to the signed-in user: take one from a page rendered for the session.
        using var events = new HttpRequestMessage(HttpMethod.Get, "/console/events");
        events.Headers.Add("Cookie", $"bridge_console={authCookie}; bridge_console_csrf={csrfCookie}");
        var eventsPage = await client.SendAsync(events, ct);
        var sessionToken = FormToken(await eventsPage.Content.ReadAsStringAsync(ct)) ?? token;
        return new ConsoleSession(authCookie, csrfCookie, sessionToken);
    }

    private static string? CookieValue(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).Where(c => c.StartsWith(name + "=", StringComparison.Ordinal)).Select(c => c[(name.Length + 1)..]).LastOrDefault()
            : null;

    private static string? FormToken(string html) => Token().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;

    [GeneratedRegex("name=\"__csrf\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
