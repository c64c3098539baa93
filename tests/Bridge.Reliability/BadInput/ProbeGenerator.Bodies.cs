using System.Security.Cryptography;
using Bridge.Reliability.Fuzz;

namespace Bridge.Reliability.BadInput;

/// <summary>The request bodies of API probes: malformed, mutated, wrongly typed, NUL-laden, nulled and oversized.</summary>
public sealed partial class ProbeGenerator
{
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
}
