using System.Net.Http.Json;
using Bridge.Providers;
using Bridge.Reliability.Fuzz;

namespace Bridge.Reliability.BadInput;

/// <summary>
/// Two teams with one of everything (<see cref="SeededTeam"/>). Each team's key asks every by-id route the app maps
/// (GET, PUT, PATCH, DELETE and POST sub-actions of the API, and the console's pages and actions with that team's console
/// session) for every one of the other team's ids — referral/click, affiliate, commission, conversion payment, group,
/// connection, inbound event, outbound endpoint and delivery — with a valid body, so only the foreign id stands between
/// the request and a change: 404 every time (NOT_FOUND envelope on the API). Bodies that reference the other team's
/// records (click, referral, affiliate, program, group, external user id) are 404 too; list routes, filtered by the other
/// team's ids, never show one of them; and afterwards every record of both teams reads exactly as before.
/// </summary>
public sealed class CrossTeamTests
{
    [Theory, BothStores]
    public async Task AnotherTeamsRecordsAreNotFoundEverywhere(StoreKind kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new ReliabilityHost(await TestStores.CreateAsync(kind), new Dictionary<string, string?>
        {
            // Nothing changes the seeded records on its own while the snapshots are compared.
            ["Outbound:IntervalSeconds"] = "3600",
            ["Jobs:IntervalSeconds"] = "3600",
        });
        _ = host.Server;
        var a = await SeededTeam.CreateAsync(host, "cross-team A", ct);
        await a.PopulateAsync(ct);
        var b = await SeededTeam.CreateAsync(host, "cross-team B", ct);
        await b.PopulateAsync(ct);
        await a.WaitForInboxAsync(ct);
        await b.WaitForInboxAsync(ct);
        await ForgedDeliveryAsync(host, b, ct); // b's rejection log is not empty

        var routes = RouteCatalog.From(host.Services);
        var byId = routes.Where(r => r.Parameters.Contains("id") && (r.IsApi || r.IsConsole)).ToList();
        Assert.NotEmpty(byId);
        var before = (await SnapshotAsync(a, routes, ct), await SnapshotAsync(b, routes, ct));

        var problems = new List<string>();
        var counts = new Dictionary<string, int>();
        foreach (var (asker, owner) in new[] { (a, b), (b, a) })
        {
            var console = await ConsoleSession.SignInAsync(host, asker.ApiKey, ct);
            foreach (var route in byId)
            {
                if (route.IsConsole && console is null)
                    continue;
                foreach (var method in route.Methods)
                {
                    foreach (var foreignId in owner.AllIds)
                    {
                        using var request = ByIdRequest(route, method, foreignId, asker, console);
                        var (status, text) = await SendAsync(host, request, ct);
                        Count(counts, "by-id");
                        if (status != 404 || (route.IsApi && !IsNotFound(text)))
                            problems.Add($"{method} {route.Text} with the other team's {foreignId}: {status} {Cut(text)}");
                    }
                }
            }

            foreach (var (method, path, body) in ForeignReferences(asker, owner))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(body) };
                request.Headers.Authorization = new("Bearer", asker.ApiKey);
                var (status, text) = await SendAsync(host, request, ct);
                Count(counts, "reference");
                if (status != 404 || !IsNotFound(text))
                    problems.Add($"{method} {path} naming the other team's records in its body: {status} {Cut(text)}");
            }

            foreach (var route in routes.Where(r => r.Methods.Contains("GET") && r.Parameters.Count == 0 && (r.IsApi || r.IsConsole)))
            {
                if (route.IsConsole && console is null)
                    continue;
                // Console pages echo their filters into the form, so they are read unfiltered.
                foreach (var query in route.IsConsole ? [""] : ListQueries(owner))
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, route.Text + query);
                    Authenticate(request, route, asker, console);
                    var (status, text) = await SendAsync(host, request, ct);
                    Count(counts, "list");
                    if (status >= 500)
                        problems.Add($"GET {route.Text}{query}: {status}");
                    if (owner.AllIds.FirstOrDefault(id => text.Contains(id, StringComparison.Ordinal)) is { } shown)
                        problems.Add($"GET {route.Text}{query} as {asker.TeamId} shows the other team's {shown}");
                }
            }
        }

        var after = (await SnapshotAsync(a, routes, ct), await SnapshotAsync(b, routes, ct));
        var changed = Diff(before.Item1, after.Item1).Concat(Diff(before.Item2, after.Item2)).ToList();

        Figures.Print($"cross-team {kind.ToString().ToLowerInvariant()}: {counts.GetValueOrDefault("by-id")} by-id requests over {byId.Count} routes " +
                      $"({string.Join(", ", byId.Select(r => r.Text))}) × {b.AllIds.Count()} foreign ids, {counts.GetValueOrDefault("reference")} foreign references in bodies, " +
                      $"{counts.GetValueOrDefault("list")} filtered list reads; {problems.Count} not 404 or leaking, {changed.Count} records changed " +
                      $"({before.Item1.Count + before.Item2.Count} compared)");
        foreach (var problem in problems.Concat(changed).Take(20))
            Figures.Print("  " + problem);
        Assert.Empty(problems);
        Assert.Empty(changed);
    }

    private static HttpRequestMessage ByIdRequest(Route route, string method, string foreignId, SeededTeam asker, ConsoleSession? console)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), route.Build((_, _) => Uri.EscapeDataString(foreignId)));
        Authenticate(request, route, asker, console);
        if (route.IsConsole)
        {
            if (method == "POST")
                request.Content = new FormUrlEncodedContent([new("__csrf", console!.CsrfToken), new("status", "failed")]);
        }
        else if (method is "POST" or "PUT" or "PATCH")
        {
            var body = BodyTemplates.For(method, route.Text, k => asker.Ids.TryGetValue(k, out var ids) ? ids[0] : asker.Id(Kinds.Referral), asker.ProgramId, new Random(1))
                       ?? new JsonObject();
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        return request;
    }

    private static void Authenticate(HttpRequestMessage request, Route route, SeededTeam asker, ConsoleSession? console)
    {
        if (route.IsConsole)
            request.Headers.Add("Cookie", console!.CookieHeader);
        else
            request.Headers.Authorization = new("Bearer", asker.ApiKey);
    }

    /// <summary>Writes whose body names the other team's click, referral, affiliate, program, group or external user id.</summary>
    private static IEnumerable<(string Method, string Path, object Body)> ForeignReferences(SeededTeam asker, SeededTeam owner)
    {
        var click = owner.Id(Kinds.Click);
        var lead = owner.Lead;
        var tag = Guid.NewGuid().ToString("N")[..8];
        yield return ("POST", "/v1/signups", new { click_id = click, email = $"x{tag}@example.com" });
        yield return ("POST", "/v1/referrals", new { email = $"y{tag}@example.com", affiliate_id = owner.AffiliateId });
        yield return ("POST", "/v1/referrals", new { email = $"z{tag}@example.com", affiliate_id = asker.AffiliateId, click_id = click });
        yield return ("POST", "/v1/conversions", new { referral_id = lead, sale_amount = 10m, sale_amount_currency = "USD", external_event_id = $"x_{tag}" });
        yield return ("POST", "/v1/conversions", new { click_id = click, sale_amount = 10m, sale_amount_currency = "USD", external_event_id = $"y_{tag}" });
        yield return ("POST", "/v1/conversions", new { external_user_id = owner.ExternalUserId, sale_amount = 10m, sale_amount_currency = "USD", external_event_id = $"z_{tag}" });
        yield return ("POST", "/v1/commissions", new { referral_id = lead, sale_amount = 10m, commission_amount = 1m });
        yield return ("POST", "/v1/events", new { event_name = "trial_started", event_type = "trial", referral_id = lead });
        yield return ("POST", "/v1/events", new { event_name = "signed_up", event_type = "lead", click_id = click, email = $"w{tag}@example.com" });
        yield return ("POST", "/v1/events", new { event_name = "paid", event_type = "conversion", referral_id = lead, sale_amount = 10m, sale_amount_currency = "USD", external_event_id = $"w_{tag}" });
        yield return ("POST", "/v1/clicks", new { programId = owner.ProgramId, trackingId = "partner123" });
        yield return ("POST", "/v1/affiliates", new { name = "X", email = $"v{tag}@example.com", program_id = owner.ProgramId });
        yield return ("POST", "/v1/affiliates", new { name = "Y", email = $"u{tag}@example.com", program_id = asker.ProgramId, group_id = owner.Id(Kinds.Group) });
        yield return ("PUT", $"/v1/affiliates/{asker.AffiliateId}", new { group_id = owner.Id(Kinds.Group) });
    }

    /// <summary>No filter, then every filter naming each of the other team's ids.</summary>
    private static IEnumerable<string> ListQueries(SeededTeam owner)
    {
        yield return "";
        foreach (var (id, i) in owner.AllIds.Select((id, i) => (id, i)))
        {
            var e = Uri.EscapeDataString(id);
            yield return $"?referral_id={e}&affiliate_id={e}&group_id={e}&groupId={e}&search={e}&limit=100";
            yield return $"?{(i % 2 == 0 ? "starting_after" : "ending_before")}={e}&limit=100";
        }
        yield return $"?external_user_id={Uri.EscapeDataString(owner.ExternalUserId)}&limit=100";
    }

    /// <summary>What the team's own key reads through every GET route: by id (its ids of the route's kind) and lists.</summary>
    private static async Task<Dictionary<string, string>> SnapshotAsync(SeededTeam team, IReadOnlyList<Route> routes, CancellationToken ct)
    {
        var snapshot = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var route in routes.Where(r => r.IsApi && !r.IsWebhook && r.Methods.Contains("GET")))
        {
            var paths = route.Parameters.Count == 0
                ? [route.Text + "?limit=100"]
                : route.Parameters.SequenceEqual(["id"]) && Kinds.ForRoute(route.Text) is { } kind && team.Ids.TryGetValue(kind, out var ids)
                    ? ids.Select(id => route.Build((_, _) => Uri.EscapeDataString(id)))
                    : [];
            foreach (var path in paths)
            {
                var response = await team.Client.GetAsync(path, ct);
                snapshot[$"{team.TeamId} GET {path}"] = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
            }
        }
        return snapshot;
    }

    private static IEnumerable<string> Diff(Dictionary<string, string> before, Dictionary<string, string> after) =>
        before.Where(entry => after.GetValueOrDefault(entry.Key) != entry.Value)
            .Select(entry => $"{entry.Key} changed:\n    before {Cut(entry.Value)}\n    after  {Cut(after.GetValueOrDefault(entry.Key) ?? "(missing)")}");

    private static async Task ForgedDeliveryAsync(ReliabilityHost host, SeededTeam team, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes("{\"id\":\"evt_forged\",\"type\":\"invoice.paid\"}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/stripe/{team.Id(Kinds.Connection)}") { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in ProviderCatalog.Find("stripe")!.Sign(body, "whsec_not_the_secret_at_all", DateTimeOffset.UtcNow, "x"))
            request.Headers.TryAddWithoutValidation(name, value);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.RawClient().SendAsync(request, ct)).StatusCode);
    }

    private static async Task<(int Status, string Text)> SendAsync(ReliabilityHost host, HttpRequestMessage request, CancellationToken ct)
    {
        using var response = await host.RawClient().SendAsync(request, ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    private static bool IsNotFound(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject body && body["success"]?.GetValue<bool>() == false && body["error"]?["code"]?.GetValue<string>() == "NOT_FOUND";
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void Count(Dictionary<string, int> counts, string what) => counts[what] = counts.GetValueOrDefault(what) + 1;

    private static string Cut(string text) => text.Length > 400 ? text[..400] + "…" : text;
}
