using System.Globalization;
using System.Security.Cryptography;
using Bridge.Providers;
using Bridge.Providers.Signing;
using Bridge.Reliability.Fuzz;

namespace Bridge.Reliability.BadInput;

/// <summary>The webhook probes: genuine, forged, stale, partial and garbage signatures over real connection ids.</summary>
public sealed partial class ProbeGenerator
{
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
