using Bridge.Reliability.Fuzz;

namespace Bridge.Reliability.BadInput;

/// <summary>
/// Generates probe <c>n</c> of a run from <c>Seeds.Derive(seed, n)</c> alone, so any probe reproduces by its number.
/// Probes cover every mapped route: Affonso's API (malformed JSON, mutated valid bodies, wrong types, nulls everywhere,
/// huge numbers, deep nesting, invalid UTF-8, oversized bodies by Content-Length and chunked, wrong content types,
/// garbage query strings, foreign and random ids, missing/invalid/disabled/expired/other-team/under-scoped keys), the
/// webhook endpoint for every provider (missing, garbage, wrong-secret, other-connection, tampered, replayed, stale,
/// future, wrong-scheme and partial signatures on real connection ids — and a share of genuinely signed ones), and the
/// operational routes (health, metrics, OpenAPI, docs, console).
/// </summary>
public sealed partial class ProbeGenerator(BadInputWorld world, int seed)
{
    private const int Tolerance = 300;

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/xml", "application/json; charset=utf-16",
        "application/json; charset=nonsense", "x/y/z", "application/merge-patch+json", "application/vnd.api+json", "", "application/json;;;",
        "APPLICATION/JSON", "application/json, text/plain", "image/png", "*/*",
    ];

    private static readonly string[] QueryKeys =
    [
        "limit", "page", "order", "status", "sort", "starting_after", "ending_before", "created_gte", "created_lte", "dateFrom", "dateTo",
        "expand", "include", "affiliate_id", "referral_id", "provider", "type", "search", "email", "external_user_id", "group_id",
        "partnership_status", "sales_status", "return_url", "done", "count", "groupId",
    ];

    private static readonly string[] MalformedJson =
    [
        "{", "[", "}", "nul", "tru", "{\"a\":}", "{\"a\" 1}", "{'a':1}", "{a:1}", "{\"a\":1,}", "[1,2,]", "{\"a\":NaN}", "{\"a\":Infinity}",
        "{\"a\":01}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":\"\\x41\"}", "{\"a\":\"unterminated}", "/* comment */ {}", "{} {}", "\"\\u12\"",
        "{\"a\":\"\\ud800\"}", "{\"email\":\"\\udfff\"}", "{\"a\":-}", "{\"\":\"\"}", "{\"a\"::1}", "[[[[[[[[", "\u0000", "{\"a\":1}\u0000",
    ];

    private static readonly string[] MalformedAuthorization =
    [
        "Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "bearer sk_live_", "Bearer sk_test_abcdefghijklmnopqrstuvwxyz", "Token sk_live_abc",
        "Bearer sk_live_!!!!!!!!!!!!!!!!!!!!", "Bearer sk_live_ä", "Bearer \t", "Bearer sk_live_short", "Bearer null", "Bearer Bearer x",
        "Digest username=\"x\"", "Bearer sk_dev_", "Bearer ../../etc/passwd", "Bearer sk_live_' OR '1'='1",
    ];

    public Probe Create(long index)
    {
        var rng = new Random(Seeds.Derive(seed, index));
        var mutator = new JsonMutator(rng);
        var roll = rng.Next(100);
        if (roll < 40)
            return Webhook(index, rng, mutator);
        var routes = world.Routes.Where(r => !r.IsWebhook && (roll < 95 ? r.IsApi : !r.IsApi)).ToList();
        if (routes.Count == 0)
            routes = world.Routes.Where(r => !r.IsWebhook).ToList();
        return Request(index, rng, mutator, routes[rng.Next(routes.Count)]);
    }

    // ---------------------------------------------------------------- API and operational routes

    private Probe Request(long index, Random rng, JsonMutator mutator, Route route)
    {
        var mapped = rng.Next(100) >= 4;
        var method = mapped ? route.Methods[rng.Next(route.Methods.Count)] : Route.AnyMethod[rng.Next(Route.AnyMethod.Length)];
        mapped = route.Methods.Contains(method);

        var (key, keyTeam, authTag) = ChooseKey(rng, route);
        string? idTeam = null;
        var path = route.Build((name, catchAll) =>
        {
            if (catchAll)
                return string.Join('/', Enumerable.Range(0, rng.Next(1, 4)).Select(_ => Segment(mutator.RandomText(rng.Next(1, 12)))));
            if (name == "documentName")
                return rng.Next(3) > 0 ? "v1" : Segment(GarbageId(rng, mutator));
            var (id, team) = RouteId(rng, mutator, Kinds.ForRoute(route.Text));
            idTeam ??= team;
            return Segment(id);
        });

        var probe = new Probe
        {
            Index = index,
            Area = route.IsApi ? "api" : "other",
            Route = route.Text,
            Method = method,
            Path = path,
            ApiRoute = route.IsApi,
            MethodMapped = mapped,
        };
        probe.Tags.Add(authTag);
        if (!mapped)
            probe.Tags.Add("wrong-method");

        if (rng.Next(100) < 35)
            probe.Path += Query(rng, mutator, probe);

        switch (authTag)
        {
            case "auth:key-in-query":
                probe.Path += (probe.Path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "api_key=" + Uri.EscapeDataString(key!);
                break;
            case "auth:twice":
                probe.Headers.Add(new("Authorization", "Bearer " + key));
                probe.Headers.Add(new("Authorization", MalformedAuthorization[rng.Next(MalformedAuthorization.Length)]));
                break;
            case "auth:malformed":
                probe.Headers.Add(new("Authorization", MalformedAuthorization[rng.Next(MalformedAuthorization.Length)]));
                break;
            default:
                if (key is not null)
                    probe.Headers.Add(new("Authorization", "Bearer " + key));
                break;
        }

        if (route.IsConsole)
        {
            // The console authenticates with its cookie (team A's session), never with the Authorization header.
            keyTeam = null;
            if (world.Console is { } console && rng.Next(3) > 0)
            {
                probe.Headers.Add(new("Cookie", console.CookieHeader));
                keyTeam = world.A.TeamId;
            }
        }
        if (idTeam is not null && keyTeam is not null && idTeam != keyTeam)
        {
            probe.CrossTeam = true;
            probe.Tags.Add("foreign-id");
        }
        if (rng.Next(10) == 0)
            ExtraHeaders(rng, mutator, probe);

        var wantsBody = method is "POST" or "PUT" or "PATCH" ? rng.Next(20) > 0 : rng.Next(20) == 0;
        if (wantsBody)
        {
            if (route.IsConsole)
                ConsoleForm(rng, mutator, probe);
            else
                Body(rng, mutator, probe, route, method);
        }
        return probe;
    }

    private (string? Key, string? Team, string Tag) ChooseKey(Random rng, Route route)
    {
        if (!route.IsApi && rng.Next(3) > 0)
            return (null, null, "auth:none");
        var roll = rng.Next(100);
        return roll switch
        {
            < 60 => (world.A.ApiKey, world.A.TeamId, "auth:key"),
            < 66 => (world.B.ApiKey, world.B.TeamId, "auth:other-team"),
            < 70 => (world.LimitedKey, null, "auth:limited-scope"),
            < 73 => (world.DisabledKey, null, "auth:disabled"),
            < 76 => (world.ExpiredKey, null, "auth:expired"),
            < 80 => (null, null, "auth:missing"),
            < 85 => (UnknownKey(rng), null, "auth:unknown-key"),
            < 92 => (null, null, "auth:malformed"),
            < 95 => (world.A.ApiKey, null, "auth:key-in-query"),
            _ => (world.A.ApiKey, null, "auth:twice"),
        };
    }

    private string UnknownKey(Random rng)
    {
        var bytes = new byte[30];
        rng.NextBytes(bytes);
        var key = (rng.Next(4) == 0 ? "sk_dev_" : "sk_live_") + Convert.ToHexStringLower(bytes);
        world.Secrets.Add(key, "API key (unknown)");
        return key;
    }

    /// <summary>An id for a route parameter: team A's (most), team B's or W's (foreign), or garbage; with its owner.</summary>
    private (string Id, string? Team) RouteId(Random rng, JsonMutator mutator, string? kind)
    {
        var roll = rng.Next(100);
        SeededTeam? team = roll switch
        {
            < 50 => world.A,
            < 66 => world.B,
            < 70 => world.W,
            _ => null,
        };
        if (team is null || team.AllIds.Count() == 0)
            return (GarbageId(rng, mutator), null);
        var ids = kind is not null && team.Ids.TryGetValue(kind, out var ofKind) && ofKind.Count > 0 && rng.Next(5) > 0 ? ofKind : team.AllIds.ToList();
        var id = ids[rng.Next(ids.Count)];
        return (id, team.TeamId);
    }

    private string GarbageId(Random rng, JsonMutator mutator)
    {
        var known = world.A.AllIds.Concat(world.B.AllIds).ToList();
        var id = rng.Next(12) switch
        {
            0 => "ref_" + mutator.RandomText(26),
            1 => mutator.RandomText(rng.Next(1, 40)),
            2 => new string('9', rng.Next(1, 400)),
            3 => "' OR '1'='1",
            4 => mutator.RandomString(),
            5 => new[] { "%00", "%", "\\", "../etc/passwd", "..\\..", "*", "?", "#", "&", "a b", "\u0000", "\r\n" }[rng.Next(12)],
            6 => mutator.RandomText(rng.Next(2_000, 8_000)),
            7 => known[rng.Next(known.Count)] + new[] { "x", " ", "%", "'", "\u0000" }[rng.Next(5)],
            8 => known[rng.Next(known.Count)].ToUpperInvariant(),
            9 => " " + known[rng.Next(known.Count)],
            10 => new[] { "-1", "0", "null", "undefined", "true", "[]", "{}" }[rng.Next(7)],
            _ => "com_" + Guid.NewGuid().ToString("N"),
        };
        return id.Length == 0 || id.Trim('.').Length == 0 ? "x" : id;
    }

    /// <summary>
    /// One escaped path segment (never empty, never a dot segment the client would collapse, never a NUL: the test host
    /// throws on one before the app sees the request, where Kestrel answers 400 itself).
    /// </summary>
    private static string Segment(string value)
    {
        var escaped = Uri.EscapeDataString(value.Replace('\0', '0'));
        return escaped.Length == 0 || escaped.Trim('.').Length == 0 ? "x" + escaped : escaped;
    }

    private string Query(Random rng, JsonMutator mutator, Probe probe)
    {
        probe.Tags.Add("garbage-query");
        var pairs = new List<string>();
        for (var i = rng.Next(1, 6); i > 0; i--)
        {
            var name = rng.Next(5) > 0 ? QueryKeys[rng.Next(QueryKeys.Length)] : mutator.RandomText(rng.Next(1, 10));
            var value = rng.Next(9) switch
            {
                0 => JsonMutator.RawNumbers[rng.Next(JsonMutator.RawNumbers.Length)],
                1 => new[] { "-1", "0", "101", "2147483648", "1e3", "0x10", "1.5", "+5", " 5", "٣" }[rng.Next(10)],
                2 => world.B.AllIds.ElementAt(rng.Next(world.B.AllIds.Count())),
                3 => world.A.AllIds.ElementAt(rng.Next(world.A.AllIds.Count())),
                4 => new[] { "affiliate,commissionOverrides", "referral,affiliate_program,affiliate", "stats", "asc", "desc", "-created_at", "created_at", "failed", "pending" }[rng.Next(9)],
                5 => mutator.RandomText(rng.Next(1_000, 6_000)),
                6 => new[] { "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2026-02-30", "2026-01-01", "1/2/3", "now", "0000-00-00T00:00:00Z" }[rng.Next(7)],
                _ => mutator.RandomString(),
            };
            pairs.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value));
            if (rng.Next(8) == 0)
                pairs.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(mutator.RandomString()));
        }
        if (rng.Next(10) == 0)
            pairs.Add(new[] { "%", "%zz", "a=%", "&&&", "=", "a==b", "%E0%A4%A" }[rng.Next(7)]);
        return "?" + string.Join('&', pairs);
    }

    private static void ExtraHeaders(Random rng, JsonMutator mutator, Probe probe)
    {
        probe.Tags.Add("garbage-headers");
        var value = mutator.RandomText(rng.Next(1, 200));
        var (name, header) = rng.Next(8) switch
        {
            0 => ("X-Forwarded-For", rng.Next(2) == 0 ? "999.999.999.999, " + value : "::ffff:" + value),
            1 => ("X-Forwarded-Proto", value),
            2 => ("Cookie", $"{value}={value}; bridge_console={value}"),
            3 => ("User-Agent", mutator.RandomText(rng.Next(1, 4_000))),
            4 => ("Accept", "application/xml;q=2, */*;q=-1"),
            5 => ("Content-Encoding", "gzip"),
            6 => ("Idempotency-Key", mutator.RandomText(rng.Next(1, 500))),
            _ => ("X-" + mutator.RandomText(8), value),
        };
        probe.Headers.Add(new(name, header));
    }

    private void ConsoleForm(Random rng, JsonMutator mutator, Probe probe)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__csrf", world.Console is { } console && rng.Next(2) == 0 ? console.CsrfToken : mutator.RandomText(rng.Next(0, 200))),
        };
        if (rng.Next(2) == 0)
            fields.Add(new("api_key", rng.Next(2) == 0 ? world.A.ApiKey : mutator.RandomString()));
        if (rng.Next(2) == 0)
            fields.Add(new("return_url", new[] { "//evil.example", "/console/../admin", "https://evil.example", "/console/events", "\\\\evil" }[rng.Next(5)]));
        if (rng.Next(2) == 0)
            fields.Add(new("status", new[] { "failed", "ignored", mutator.RandomString() }[rng.Next(3)]));
        probe.Body = rng.Next(6) == 0
            ? Encoding.UTF8.GetBytes(mutator.RandomText(rng.Next(0, 2_000)))
            : Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value))));
        probe.ContentType = rng.Next(5) > 0 ? "application/x-www-form-urlencoded" : ContentTypes[rng.Next(ContentTypes.Length)];
        probe.Tags.Add("console-form");
    }
}
