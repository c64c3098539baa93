using System.Globalization;
using System.Security.Cryptography;
using Bridge.Providers;
using Bridge.Providers.Signing;
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
public sealed class ProbeGenerator(BadInputWorld world, int seed)
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

    private void Body(Random rng, JsonMutator mutator, Probe probe, Route route, string method)
    {
        var team = rng.Next(10) == 0 ? world.B : world.A;
        string BodyId(string kind)
        {
            var roll = rng.Next(10);
            var owner = roll < 7 ? team : roll < 9 ? (team == world.A ? world.B : world.A) : null;
            if (owner is null || !owner.Ids.TryGetValue(kind, out var ids))
                return GarbageId(rng, mutator);
            return ids[rng.Next(ids.Count)];
        }
        var template = BodyTemplates.For(method, route.Text, BodyId, team.ProgramId, rng);
        var templateBytes = template is null ? mutator.Serialize(mutator.RandomValue(0)) : Encoding.UTF8.GetBytes(template.ToJsonString());
        if ((template as JsonObject)?["secret"]?.GetValue<string>() is { } templateSecret)
            world.Secrets.Add(templateSecret, "connection secret (request body)");

        string? contentType = "application/json";
        var roll = rng.Next(100);
        switch (roll)
        {
            case < 30:
                probe.Tags.Add("mutated-json");
                probe.Body = mutator.Mutate(templateBytes, ["lead", "milestone", "conversion", "trial", "sale"], 3);
                break;
            case < 40:
                probe.Tags.Add("valid-json");
                probe.Body = templateBytes;
                break;
            case < 48:
                probe.Tags.Add("malformed-json");
                probe.Body = rng.Next(2) == 0
                    ? templateBytes[..rng.Next(Math.Max(1, templateBytes.Length))]
                    : Encoding.UTF8.GetBytes(MalformedJson[rng.Next(MalformedJson.Length)]);
                break;
            case < 53:
                probe.Tags.Add("deep-nesting");
                var depth = rng.Next(2) == 0 ? rng.Next(60, 70) : rng.Next(100, 20_000);
                probe.Body = Encoding.UTF8.GetBytes(rng.Next(2) == 0
                    ? new string('[', depth) + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth));
                break;
            case < 58:
                probe.Tags.Add("invalid-utf8");
                probe.Body = rng.Next(3) switch
                {
                    0 => [.. templateBytes[..(templateBytes.Length / 2)], 0xff, 0xfe, 0xc0, 0x80, .. templateBytes[(templateBytes.Length / 2)..]],
                    1 => Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(templateBytes)),
                    _ => rng.Next(2) == 0 ? [0xef, 0xbb, 0xbf, .. templateBytes] : [.. templateBytes, 0xed, 0xa0, 0x80],
                };
                if (rng.Next(4) == 0)
                    contentType = "application/json; charset=utf-16";
                break;
            case < 62:
                probe.Tags.Add("random-bytes");
                probe.Body = RandomNumberGenerator.GetBytes(rng.Next(1, 4_096));
                break;
            case < 67:
                probe.Tags.Add("empty-body");
                probe.Body = [];
                break;
            case < 73:
                probe.Tags.Add("wrong-top-level-type");
                probe.Body = Encoding.UTF8.GetBytes(new[] { "[]", "\"text\"", "42", "null", "true", "[{}]", "-1", "1e400", "[" + Encoding.UTF8.GetString(templateBytes) + "]" }[rng.Next(9)]);
                break;
            case < 78:
                probe.Tags.Add("nulls-everywhere");
                probe.Body = Encoding.UTF8.GetBytes(NullEverything(template ?? new JsonObject { ["a"] = 1 })!.ToJsonString());
                break;
            case < 83:
                probe.Tags.Add("huge-values");
                var huge = template?.DeepClone() as JsonObject ?? new JsonObject();
                var field = huge.Count > 0 && rng.Next(3) > 0 ? huge.ElementAt(rng.Next(huge.Count)).Key : "extra";
                huge[field] = rng.Next(3) switch
                {
                    0 => JsonValue.Create(new string('x', rng.Next(100_000, 900_000))),
                    1 => new JsonArray(Enumerable.Range(0, rng.Next(10_000, 60_000)).Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
                    _ => JsonValue.Create("__huge__"),
                };
                var text = huge.ToJsonString();
                text = text.Replace("\"__huge__\"", JsonMutator.RawNumbers[rng.Next(JsonMutator.RawNumbers.Length)] + new string('9', rng.Next(0, 5_000)), StringComparison.Ordinal);
                probe.Body = Encoding.UTF8.GetBytes(text);
                break;
            case < 86:
                probe.Tags.Add(roll < 85 ? "oversized:content-length" : "oversized:chunked");
                probe.Chunked = roll >= 85;
                probe.Body = Oversized(templateBytes, rng);
                break;
            case < 89:
                probe.Tags.Add("chunked");
                probe.Chunked = true;
                probe.Body = rng.Next(2) == 0 ? templateBytes : mutator.Mutate(templateBytes, [], 2);
                break;
            case < 92:
                probe.Tags.Add("form-body");
                probe.Body = Encoding.UTF8.GetBytes("name=x&email=a%40b.example&sale_amount=1");
                contentType = "application/x-www-form-urlencoded";
                break;
            case < 94:
                probe.Tags.Add("multipart-body");
                probe.Body = Encoding.UTF8.GetBytes("--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--xyz--\r\n");
                contentType = "multipart/form-data; boundary=xyz";
                break;
            case < 96:
                probe.Tags.Add("xml-body");
                probe.Body = Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>");
                contentType = "application/xml";
                break;
            case < 98:
                probe.Tags.Add("nul-characters");
                probe.Body = Encoding.UTF8.GetBytes(WithNul(template ?? new JsonObject { ["name"] = "x" }, rng)!.ToJsonString());
                break;
            default:
                probe.Tags.Add("random-json");
                probe.Body = mutator.Serialize(mutator.RandomValue(0));
                break;
        }

        var typeRoll = rng.Next(100);
        if (typeRoll < 12)
        {
            probe.Tags.Add("wrong-content-type");
            contentType = ContentTypes[rng.Next(ContentTypes.Length)];
        }
        else if (typeRoll < 16)
        {
            probe.Tags.Add("no-content-type");
            contentType = null;
        }
        probe.ContentType = contentType;
    }

    /// <summary>Every string value with a NUL character in it (valid JSON, <c>\u0000</c>; PostgreSQL text cannot store one).</summary>
    private static JsonNode? WithNul(JsonNode? node, Random rng) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, WithNul(p.Value, rng)))),
        JsonArray array => new JsonArray(array.Select(item => WithNul(item, rng)).ToArray()),
        JsonValue value when value.TryGetValue<string>(out var text) => JsonValue.Create(text.Insert(rng.Next(text.Length + 1), "\u0000")),
        _ => node?.DeepClone(),
    };

    private static JsonNode? NullEverything(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, p.Value is JsonObject or JsonArray ? NullEverything(p.Value) : null))),
        JsonArray array => new JsonArray(array.Select(item => item is JsonObject or JsonArray ? NullEverything(item) : null).ToArray()),
        _ => null,
    };

    /// <summary>A JSON body just over the 1 MiB limit (padded in a string field), or well over it.</summary>
    private static byte[] Oversized(byte[] template, Random rng)
    {
        var size = rng.Next(2) == 0 ? 1024 * 1024 + rng.Next(1, 4_096) : rng.Next(2, 4) * 1024 * 1024;
        var padding = Math.Max(0, size - template.Length - 16);
        var text = Encoding.UTF8.GetString(template);
        return text.StartsWith('{') && text.Length > 2
            ? Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('p', padding) + "\"," + text[1..])
            : Encoding.UTF8.GetBytes("[\"" + new string('p', padding) + "\"]");
    }

    // ---------------------------------------------------------------- webhooks

    private Probe Webhook(long index, Random rng, JsonMutator mutator)
    {
        var providers = ProviderCatalog.All;
        var adapter = providers[rng.Next(providers.Count)];
        var name = adapter.Name;
        var active = world.Active[name];

        // Where it goes: the live connection mostly; else a disabled one, another provider's, an unknown id or provider.
        var targetRoll = rng.Next(100);
        var (pathProvider, connectionId, reachable, targetTag) = targetRoll switch
        {
            < 78 => (name, active.Id, true, "target:live"),
            < 84 => (name, world.Disabled[name].Id, false, "target:disabled-connection"),
            < 90 => (name, world.Active[Other(rng, name)].Id, false, "target:other-provider-connection"),
            < 93 => (name, world.B.Id(Kinds.Connection), false, "target:other-team-connection"),
            < 97 => (name, GarbageId(rng, mutator), false, "target:unknown-connection"),
            _ => (mutator.RandomText(rng.Next(1, 12)), active.Id, false, "target:unknown-provider"),
        };
        if (pathProvider == name && rng.Next(20) == 0)
            pathProvider = name.ToUpperInvariant();

        var fixtures = world.Fixtures[name];
        var body = fixtures[rng.Next(fixtures.Count)];
        var eventId = $"msg_bad_{seed}_{index}";
        if (rng.Next(2) == 0)
            body = WithEventId(body, name, $"evt_bad_{seed}_{index}");
        var bodyTag = "body:fixture";
        if (rng.Next(2) == 0)
        {
            body = mutator.Mutate(body, [], 3);
            bodyTag = "body:mutated";
        }
        var oversized = rng.Next(100) == 0;
        if (oversized)
        {
            body = Oversized(body, rng);
            bodyTag = "oversized";
        }

        var now = DateTimeOffset.UtcNow;
        var secret = rng.Next(3) == 0 ? active.Secondary : active.Primary;
        var probe = new Probe
        {
            Index = index,
            Area = "webhook",
            Route = "/webhooks/{provider}/{connectionId}",
            Method = "POST",
            Path = $"/webhooks/{Segment(pathProvider)}/{Segment(connectionId)}",
            ApiRoute = true,
            MethodMapped = true,
            Body = body,
            ContentType = rng.Next(10) > 0 ? "application/json" : ContentTypes[rng.Next(ContentTypes.Length)],
            Chunked = rng.Next(10) == 0,
        };
        probe.Tags.Add(targetTag);
        probe.Tags.Add(bodyTag);

        var signature = rng.Next(100);
        IReadOnlyDictionary<string, string>? headers;
        string mode;
        switch (signature)
        {
            case < 14:
                mode = "genuine";
                var signedAt = now.AddSeconds(-rng.Next(0, 120));
                headers = name == "creem" && rng.Next(3) == 0 && StandardWebhooks.DecodeWhsecKey(secret) is { } creemKey
                    ? StandardWebhooks.Sign(creemKey, body, signedAt, eventId)
                    : adapter.Sign(body, secret, signedAt, eventId);
                break;
            case < 22:
                mode = "forged:missing";
                headers = rng.Next(2) == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { [StandardWebhooks.IdHeader] = eventId };
                break;
            case < 40:
                mode = "forged:garbage";
                headers = GarbageSignature(rng, mutator, name, now, eventId);
                break;
            case < 54:
                mode = "forged:wrong-secret";
                var forgerSecret = ProviderSecrets.For(name, rng);
                world.Secrets.Add(forgerSecret, "forger secret");
                headers = adapter.Sign(body, forgerSecret, now, eventId);
                break;
            case < 62:
                mode = "forged:other-connection-secret";
                headers = SafeSign(adapter, body, world.Active[Other(rng, name)].Primary, now, eventId);
                break;
            case < 76:
                mode = "forged:tampered";
                headers = adapter.Sign(body, secret, now, eventId);
                body = Tamper(body, rng);
                probe.Body = body;
                break;
            case < 84:
                mode = "forged:stale";
                var old = now.AddSeconds(-(Tolerance + rng.Next(60, 100_000)));
                headers = StaleOrFuture(adapter, body, secret, old, eventId);
                break;
            case < 89:
                mode = "forged:future";
                var ahead = now.AddSeconds(Tolerance + rng.Next(60, 100_000));
                headers = StaleOrFuture(adapter, body, secret, ahead, eventId);
                break;
            case < 94:
                mode = "forged:replayed-onto-other-body";
                headers = adapter.Sign(body, secret, now, eventId);
                var other = fixtures[rng.Next(fixtures.Count)];
                probe.Body = other.AsSpan().SequenceEqual(body) ? [.. other, (byte)' '] : other;
                break;
            case < 97:
                mode = "forged:wrong-scheme";
                var scheme = providers[rng.Next(providers.Count)];
                headers = scheme.Name == name || (name == "creem") ? GarbageSignature(rng, mutator, name, now, eventId) : SafeSign(scheme, body, secret, now, eventId);
                break;
            default:
                mode = "forged:partial-headers";
                headers = PartialStandardWebhooks(adapter, body, secret, now, eventId, rng);
                break;
        }
        headers ??= GarbageSignature(rng, mutator, name, now, eventId);
        probe.Tags.Add(mode);
        foreach (var (header, value) in headers)
        {
            probe.Headers.Add(new(header, value));
            if (!header.Equals(StandardWebhooks.IdHeader, StringComparison.OrdinalIgnoreCase) && !header.Equals(StandardWebhooks.TimestampHeader, StringComparison.OrdinalIgnoreCase))
                world.Secrets.AddSignature(value);
        }
        if (rng.Next(10) == 0)
        {
            probe.Headers.Add(new("Authorization", "Bearer " + world.A.ApiKey));
            probe.Tags.Add("auth:key-on-webhook");
        }
        if (rng.Next(10) == 0)
            ExtraHeaders(rng, mutator, probe);

        probe.Webhook = mode == "genuine" && reachable ? WebhookClass.Genuine : WebhookClass.Forged;
        if (oversized)
            probe.Webhook = WebhookClass.Forged; // never stored, whatever its signature: 413
        return probe;
    }

    private static string Other(Random rng, string provider)
    {
        var others = ProviderCatalog.All.Select(p => p.Name).Where(n => n != provider).ToList();
        return others[rng.Next(others.Count)];
    }

    private static byte[] WithEventId(byte[] body, string provider, string id)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        var field = provider switch
        {
            "stripe" or "creem" => "id",
            "paddle" => "event_id",
            _ => null,
        };
        if (field is null)
            return body;
        node[field] = id;
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private static IReadOnlyDictionary<string, string>? SafeSign(Bridge.Providers.Contract.IPaymentProvider adapter, byte[] body, string secret, DateTimeOffset at, string eventId)
    {
        try
        {
            return adapter.Sign(body, secret, at, eventId);
        }
        catch (ArgumentException)
        {
            return null; // the scheme cannot use that secret (Dodo needs base64)
        }
    }

    /// <summary>Outside the window: the provider's own scheme; for Creem (no timestamp in its own scheme) Standard Webhooks headers.</summary>
    private static IReadOnlyDictionary<string, string>? StaleOrFuture(Bridge.Providers.Contract.IPaymentProvider adapter, byte[] body, string secret, DateTimeOffset at, string eventId) =>
        adapter.DefaultTolerance is null
            ? StandardWebhooks.DecodeWhsecKey(secret) is { } key ? StandardWebhooks.Sign(key, body, at, eventId) : null
            : adapter.Sign(body, secret, at, eventId);

    /// <summary>A genuine Standard Webhooks signature with one of its three headers missing (Creem: and no creem-signature).</summary>
    private static IReadOnlyDictionary<string, string>? PartialStandardWebhooks(Bridge.Providers.Contract.IPaymentProvider adapter, byte[] body, string secret,
        DateTimeOffset at, string eventId, Random rng)
    {
        var key = adapter.Name == "polar" ? Encoding.UTF8.GetBytes(secret) : StandardWebhooks.DecodeWhsecKey(secret);
        if (key is null)
            return null;
        var headers = new Dictionary<string, string>(StandardWebhooks.Sign(key, body, at, eventId));
        headers.Remove(rng.Next(2) == 0 ? StandardWebhooks.TimestampHeader : StandardWebhooks.IdHeader);
        return headers;
    }

    private static byte[] Tamper(byte[] body, Random rng)
    {
        var copy = (byte[])body.Clone();
        switch (rng.Next(4))
        {
            case 0 when copy.Length > 0:
                copy[rng.Next(copy.Length)] ^= (byte)(1 << rng.Next(8));
                return copy;
            case 1:
                return [.. copy, (byte)' '];
            case 2 when copy.Length > 1:
                return copy[..^1];
            default:
                var text = Encoding.UTF8.GetString(copy);
                var digit = text.IndexOfAny("0123456789".ToCharArray());
                return digit < 0 ? [.. copy, (byte)'\n'] : Encoding.UTF8.GetBytes(text[..digit] + (text[digit] == '9' ? '1' : (char)(text[digit] + 1)) + text[(digit + 1)..]);
        }
    }

    /// <summary>Signature headers that cannot be genuine: fresh random digests in the right shapes, or broken structure.</summary>
    private static Dictionary<string, string> GarbageSignature(Random rng, JsonMutator mutator, string provider, DateTimeOffset now, string eventId)
    {
        string Hex() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        string B64() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var unix = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var shape = rng.Next(12);
        var value = shape switch
        {
            0 => $"t={unix},v1={Hex()}",
            1 => $"t={unix},v1={Hex()},v1={Hex()},v0={Hex()}",
            2 => $"ts={unix};h1={Hex()}",
            3 => $"v1,{B64()} v1,{B64()}",
            4 => Hex(),
            5 => $"sha256={Hex()}",
            6 => $"t={mutator.RandomString()},v1={Hex()}",
            7 => $"t=99999999999999999999,v1={Hex()}",
            8 => $"ts={unix};ts={unix};h1={Hex()}",
            9 => string.Concat(Enumerable.Repeat($"v1={Hex()},", rng.Next(10, 200))),
            10 => $"t={unix},v1={Hex()[..rng.Next(1, 63)]}{Hex()}",
            _ => $"{mutator.RandomText(rng.Next(1, 40))}={Hex()};{mutator.RandomText(3)}",
        };
        var header = provider switch
        {
            "stripe" => "Stripe-Signature",
            "paddle" => "Paddle-Signature",
            "creem" => rng.Next(4) == 0 ? "x-creem-signature" : "creem-signature",
            _ => StandardWebhooks.SignatureHeader,
        };
        headers[header] = value;
        if (provider is "polar" or "dodo" || (provider == "creem" && rng.Next(4) == 0))
        {
            headers[StandardWebhooks.IdHeader] = eventId;
            headers[StandardWebhooks.TimestampHeader] = rng.Next(5) > 0 ? unix : mutator.RandomString();
            headers[StandardWebhooks.SignatureHeader] = rng.Next(2) == 0 ? $"v1,{B64()}" : value;
        }
        return headers;
    }
}
