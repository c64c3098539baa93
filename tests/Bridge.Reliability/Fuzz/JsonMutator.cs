using System.Text.Encodings.Web;

namespace Bridge.Reliability.Fuzz;

/// <summary>
/// A seeded, structure-aware mutator for JSON bodies. Tree operations (delete, duplicate, retype, graft, random strings,
/// numbers, nulls, huge values, a different event type) work on the parsed document; values JSON trees cannot hold
/// (1e400, 9223372036854775808, lone surrogate escapes, duplicate keys, 200-deep nesting) are written as raw text
/// through placeholders. Byte operations (truncate, flip, invalid UTF-8, BOM, trailing garbage) run on the serialized
/// text. Everything comes from the <see cref="Random"/> passed in, so one seed reproduces one mutation.
/// </summary>
public sealed class JsonMutator(Random rng)
{
    private static readonly JsonSerializerOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Raw number texts: edges of long, double and the Unix-time range, fractions, exponents, negative zero.</summary>
    public static readonly string[] RawNumbers =
    [
        "0", "-0", "-1", "1", "2", "1.5", "-1.5", "0.1", "1e2", "1E400", "-1e400", "1e-400", "4.9e-324", "1.7976931348623157e308",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "99999999999999999999999999999999", "79228162514264337593543950335", "-79228162514264337593543950335", "253402300800",
        "-62135596801", "253402300799999", "100000000000000000", "4611686018427387904", "9007199254740993", "0.000000001",
        "2147483648", "-2147483649", "1000000", "99", "12.345",
    ];

    /// <summary>Raw string texts with escapes a tree cannot carry: lone surrogates, NUL, escaped control characters.</summary>
    public static readonly string[] RawStrings =
    [
        "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"abc\\ud83d\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\u001f\\b\\f\"", "\"\\\"\\\\\\/\"",
    ];

    /// <summary>Strings that mean something to some parser: empty, blank, numbers, currencies, dates, ids, injections.</summary>
    public static readonly string[] Strings =
    [
        "", " ", "\t", "   ", "null", "true", "0", "-1", "1e999", "NaN", "Infinity", "-5", "12.50", "9223372036854775808",
        "-9223372036854775808", "USD", "usd", "US", "USDX", "U$D", "ÜSD", "€", "US D", " usd ", "123", "jpy", "KWD",
        "2025-13-45T99:99:99Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00", "0000-00-00", "not a date",
        "1970-01-01T00:00:00Z", "💸💸💸", "\u202eevil", "\u200b", "\u0000", "'; DROP TABLE payments;--", "../../etc/passwd",
        "%00", "<script>alert(1)</script>", "{\"nested\":\"json\"}", "[]", "{}", "evt_", "pi_", "in_", "txn_", "ord_",
        "subscription_create", "subscription_cycle", "purchase", "paid", "succeeded", "approved", "refund", "chargeback", "pending",
        "subscription", "payment", "setup", "web", "api", "subscription_recurring", "prod", "test", "sandbox",
    ];

    private readonly List<(string Placeholder, string Raw)> _raw = [];
    private readonly List<string> _operations = [];

    /// <summary>What the last <see cref="Mutate"/> did, for the failure report.</summary>
    public string Description => string.Join(", ", _operations);

    /// <summary>
    /// Returns a mutation of <paramref name="original"/> (1–4 operations). <paramref name="eventTypes"/> are the types the
    /// provider sends, swapped into type fields so a body of one kind is read as another.
    /// </summary>
    public byte[] Mutate(byte[] original, IReadOnlyList<string> eventTypes, int maxOperations = 4)
    {
        _raw.Clear();
        _operations.Clear();
        JsonNode? tree;
        try
        {
            tree = JsonNode.Parse(original);
        }
        catch (JsonException)
        {
            tree = null;
        }

        byte[] bytes;
        if (tree is null)
        {
            bytes = original;
        }
        else
        {
            var count = 1 + rng.Next(maxOperations);
            for (var i = 0; i < count; i++)
                tree = MutateTree(tree, eventTypes);
            bytes = Serialize(tree);
        }

        // A quarter of the time also damage the text itself.
        if (tree is null || rng.Next(4) == 0)
            bytes = MutateBytes(bytes);
        return bytes;
    }

    /// <summary>Writes a tree, then swaps the placeholders for their raw texts.</summary>
    public byte[] Serialize(JsonNode? tree)
    {
        var text = tree?.ToJsonString(Writer) ?? "null";
        foreach (var (placeholder, raw) in _raw)
            text = text.Replace("\"" + placeholder + "\"", raw, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text);
    }

    private JsonNode? MutateTree(JsonNode? root, IReadOnlyList<string> eventTypes)
    {
        var slots = Slots(root);
        if (slots.Count == 0)
        {
            _operations.Add("replace-root");
            return RandomValue(0);
        }
        var slot = slots[rng.Next(slots.Count)];
        switch (rng.Next(14))
        {
            case 0:
                _operations.Add($"delete {slot.Path}");
                slot.Remove();
                break;
            case 1:
                _operations.Add($"retype {slot.Path}");
                slot.Set(RandomValue(0));
                break;
            case 2:
                _operations.Add($"string {slot.Path}");
                slot.Set(JsonValue.Create(RandomString()));
                break;
            case 3:
                _operations.Add($"number {slot.Path}");
                slot.Set(Raw(RawNumbers[rng.Next(RawNumbers.Length)]));
                break;
            case 4:
                _operations.Add($"null {slot.Path}");
                slot.Set(null);
                break;
            case 5:
                _operations.Add($"huge {slot.Path}");
                slot.Set(HugeValue());
                break;
            case 6:
                _operations.Add($"raw-string {slot.Path}");
                slot.Set(Raw(RawStrings[rng.Next(RawStrings.Length)]));
                break;
            case 7:
                if (DuplicateKey(slots) is { } duplicated)
                    _operations.Add($"duplicate {duplicated}");
                break;
            case 8:
                _operations.Add($"graft {slot.Path}");
                var donor = slots[rng.Next(slots.Count)];
                slot.Set(donor.Get()?.DeepClone());
                break;
            case 9:
                _operations.Add($"empty {slot.Path}");
                slot.Set(rng.Next(2) == 0 ? new JsonObject() : new JsonArray());
                break;
            case 10:
                if (eventTypes.Count > 0 && slots.FirstOrDefault(s => s.Key is "type" or "event_type" or "eventType") is { } typeSlot)
                {
                    var type = eventTypes[rng.Next(eventTypes.Count)];
                    _operations.Add($"type {typeSlot.Path}={type}");
                    typeSlot.Set(JsonValue.Create(type));
                }
                break;
            case 11:
                var parents = slots.Select(s => s.Get()).OfType<JsonObject>().Append(root as JsonObject).OfType<JsonObject>().ToList();
                if (parents.Count > 0)
                {
                    var name = rng.Next(2) == 0 ? slots[rng.Next(slots.Count)].Key ?? "x" : RandomName();
                    var parent = parents[rng.Next(parents.Count)];
                    parent[name] = RandomValue(0);
                    _operations.Add($"add {name}");
                }
                break;
            case 12:
                _operations.Add($"sign-flip {slot.Path}");
                slot.Set(slot.Get() is JsonValue value && value.TryGetValue<long>(out var number) ? JsonValue.Create(-number - 1) : Raw("-1"));
                break;
            default:
                _operations.Add($"numeric-string {slot.Path}");
                slot.Set(JsonValue.Create(RawNumbers[rng.Next(RawNumbers.Length)]));
                break;
        }
        return root;
    }

    /// <summary>Adds a property whose name, once written, repeats a sibling's name (JSON objects cannot hold both).</summary>
    private string? DuplicateKey(List<Slot> slots)
    {
        var named = slots.Where(s => s.Parent is JsonObject && s.Key is not null).ToList();
        if (named.Count == 0)
            return null;
        var slot = named[rng.Next(named.Count)];
        var placeholder = $"__dup_{_raw.Count}_{rng.Next():x}__";
        _raw.Add((placeholder, JsonSerializer.Serialize(slot.Key)));
        ((JsonObject)slot.Parent!)[placeholder] = RandomValue(1);
        return slot.Path;
    }

    private JsonNode Raw(string raw)
    {
        var placeholder = $"__raw_{_raw.Count}_{rng.Next():x}__";
        _raw.Add((placeholder, raw));
        return JsonValue.Create(placeholder);
    }

    public JsonNode? RandomValue(int depth)
    {
        switch (rng.Next(depth > 2 ? 6 : 8))
        {
            case 0: return null;
            case 1: return JsonValue.Create(rng.Next(2) == 0);
            case 2: return JsonValue.Create(RandomString());
            case 3: return Raw(RawNumbers[rng.Next(RawNumbers.Length)]);
            case 4: return JsonValue.Create(rng.NextInt64(-1_000_000, 1_000_000_000));
            case 5: return JsonValue.Create(rng.NextDouble() * 1000);
            case 6:
                var array = new JsonArray();
                for (var i = rng.Next(4); i > 0; i--)
                    array.Add(RandomValue(depth + 1));
                return array;
            default:
                var obj = new JsonObject();
                for (var i = rng.Next(4); i > 0; i--)
                    obj[RandomName()] = RandomValue(depth + 1);
                return obj;
        }
    }

    public string RandomString() => rng.Next(4) switch
    {
        0 => RandomText(rng.Next(1, 40)),
        1 => RandomUnicode(rng.Next(1, 20)),
        _ => Strings[rng.Next(Strings.Length)],
    };

    public string RandomText(int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
        return string.Create(length, rng, (span, random) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = alphabet[random.Next(alphabet.Length)];
        });
    }

    private string RandomUnicode(int length)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var rune = rng.Next(6) switch
            {
                0 => new Rune(rng.Next(0x20, 0x7f)),
                1 => new Rune(rng.Next(0xa0, 0x2000)),
                2 => new Rune(rng.Next(0x3000, 0xd7ff)),
                3 => new Rune(rng.Next(0x1f300, 0x1faff)),
                4 => new Rune(rng.Next(0x1, 0x20)),
                _ => new Rune(rng.Next(0xe000, 0xfffd)),
            };
            builder.Append(rune.ToString());
        }
        return builder.ToString();
    }

    private string RandomName() => rng.Next(3) == 0 ? RandomUnicode(rng.Next(1, 8)) : RandomText(rng.Next(1, 16));

    private JsonNode HugeValue()
    {
        switch (rng.Next(4))
        {
            case 0:
                return JsonValue.Create(new string((char)('a' + rng.Next(26)), rng.Next(10_000, 200_000)));
            case 1:
                var array = new JsonArray();
                for (var i = rng.Next(1_000, 10_000); i > 0; i--)
                    array.Add(rng.Next());
                return array;
            case 2:
                var depth = rng.Next(2) == 0 ? rng.Next(10, 60) : rng.Next(60, 300);
                return Raw(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth));
            default:
                var obj = new JsonObject();
                for (var i = rng.Next(500, 3_000); i > 0; i--)
                    obj["k" + i] = i;
                return obj;
        }
    }

    /// <summary>Damages serialized text: truncation, flipped bytes, invalid UTF-8, BOM, trailing data, deleted ranges.</summary>
    public byte[] MutateBytes(byte[] bytes)
    {
        var list = bytes.ToList();
        switch (rng.Next(8))
        {
            case 0:
                _operations.Add("truncate");
                return bytes[..(bytes.Length == 0 ? 0 : rng.Next(bytes.Length))];
            case 1:
                _operations.Add("flip");
                if (list.Count > 0)
                {
                    for (var i = rng.Next(1, 4); i > 0; i--)
                    {
                        var at = rng.Next(list.Count);
                        list[at] ^= (byte)(1 << rng.Next(8));
                    }
                }
                return list.ToArray();
            case 2:
                _operations.Add("invalid-utf8");
                byte[][] sequences = [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0x80], [0xc3, 0x28], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]];
                list.InsertRange(rng.Next(list.Count + 1), sequences[rng.Next(sequences.Length)]);
                return list.ToArray();
            case 3:
                _operations.Add("bom");
                return [0xef, 0xbb, 0xbf, .. bytes];
            case 4:
                _operations.Add("trailing");
                string[] tails = [",", "}", "]", " {}", "\u0000", "garbage", "\n{\"id\":\"second\"}", "//comment"];
                return [.. bytes, .. Encoding.UTF8.GetBytes(tails[rng.Next(tails.Length)])];
            case 5:
                _operations.Add("delete-range");
                if (list.Count > 2)
                {
                    var start = rng.Next(list.Count - 1);
                    list.RemoveRange(start, rng.Next(1, Math.Min(64, list.Count - start)));
                }
                return list.ToArray();
            case 6:
                _operations.Add("utf16");
                return Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(bytes));
            default:
                _operations.Add("insert-random");
                var noise = new byte[rng.Next(1, 16)];
                rng.NextBytes(noise);
                list.InsertRange(rng.Next(list.Count + 1), noise);
                return list.ToArray();
        }
    }

    /// <summary>Every value position in the tree: object properties and array items, with a path for reports.</summary>
    private static List<Slot> Slots(JsonNode? root)
    {
        var slots = new List<Slot>();
        void Walk(JsonNode? node, string path, int depth)
        {
            if (depth > 40)
                return;
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, child) in obj.ToList())
                    {
                        slots.Add(new Slot(obj, key, -1, $"{path}.{key}"));
                        Walk(child, $"{path}.{key}", depth + 1);
                    }
                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count && i < 50; i++)
                    {
                        slots.Add(new Slot(array, null, i, $"{path}[{i}]"));
                        Walk(array[i], $"{path}[{i}]", depth + 1);
                    }
                    break;
            }
        }
        Walk(root, "$", 0);
        return slots;
    }

    private sealed record Slot(JsonNode Parent, string? Key, int Index, string Path)
    {
        public JsonNode? Get() => Parent is JsonObject obj ? obj[Key!] : ((JsonArray)Parent)[Index];

        public void Set(JsonNode? value)
        {
            if (value?.Parent is not null)
                value = value.DeepClone();
            if (Parent is JsonObject obj)
                obj[Key!] = value;
            else if (Index < ((JsonArray)Parent).Count)
                ((JsonArray)Parent)[Index] = value;
        }

        public void Remove()
        {
            if (Parent is JsonObject obj)
                obj.Remove(Key!);
            else if (Index < ((JsonArray)Parent).Count)
                ((JsonArray)Parent).RemoveAt(Index);
        }
    }
}
