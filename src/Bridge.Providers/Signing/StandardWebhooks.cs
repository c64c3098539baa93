namespace Bridge.Providers.Signing;

/// <summary>
/// The Standard Webhooks scheme (https://www.standardwebhooks.com/), used by Polar and Dodo Payments:
/// headers <c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c> (space-separated <c>v1,&lt;base64&gt;</c>),
/// HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>. How the key bytes come from the secret differs per provider,
/// so callers pass the key bytes.
/// </summary>
public static class StandardWebhooks
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>Returns null when any <c>v1</c> signature matches any key and the timestamp is in the window; else a reason.</summary>
    public static string? Verify(RawWebhook webhook, IEnumerable<byte[]> keys, TimeSpan tolerance, DateTimeOffset now)
    {
        var id = webhook.Headers[IdHeader];
        var timestamp = webhook.Headers[TimestampHeader];
        var signatureHeader = webhook.Headers[SignatureHeader];
        if (string.IsNullOrWhiteSpace(id))
            return $"missing {IdHeader} header";
        if (string.IsNullOrWhiteSpace(timestamp))
            return $"missing {TimestampHeader} header";
        if (string.IsNullOrWhiteSpace(signatureHeader))
            return $"missing {SignatureHeader} header";

        var candidates = signatureHeader
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split(',', 2))
            .Where(parts => parts.Length == 2 && parts[0] == "v1")
            .Select(parts => parts[1])
            .ToList();
        if (candidates.Count == 0)
            return $"{SignatureHeader} has no v1 signature";

        var matched = false;
        foreach (var key in keys)
        {
            var expected = Hmac.Sha256(key, $"{id}.{timestamp}.", webhook.Body);
            // Check every candidate so timing does not depend on which one matched.
            foreach (var candidate in candidates)
                matched |= Hmac.Base64Equals(candidate, expected);
        }
        if (!matched)
            return "no signature matches the connection's secret";

        return TimestampWindow.Check(timestamp, tolerance, now);
    }

    public static IReadOnlyDictionary<string, string> Sign(byte[] key, byte[] body, DateTimeOffset timestamp, string eventId)
    {
        var unix = timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var digest = Hmac.Sha256(key, $"{eventId}.{unix}.", body);
        return new Dictionary<string, string>
        {
            [IdHeader] = eventId,
            [TimestampHeader] = unix,
            [SignatureHeader] = "v1," + Convert.ToBase64String(digest),
        };
    }

    /// <summary>The usual Standard Webhooks key: <c>whsec_</c> stripped, the rest base64-decoded. Null when it is not base64.</summary>
    public static byte[]? DecodeWhsecKey(string secret)
    {
        var encoded = secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret;
        var buffer = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, buffer, out var written) && written > 0 ? buffer[..written] : null;
    }
}
