using Bridge.Providers.Signing;

namespace Bridge.Providers.Creem;

/// <summary>
/// Creem's own scheme: lower-case hex HMAC-SHA256 of the raw body, keyed with the secret's UTF-8 bytes as shown in
/// the dashboard (not base64-decoded). Like the official SDK, also reads <c>x-creem-signature</c>, strips an optional
/// <c>sha256=</c> prefix and compares hex case-insensitively (constant-time in the digest).
/// </summary>
internal static class CreemSignature
{
    public const string Header = "creem-signature";
    public const string AlternateHeader = "x-creem-signature";

    private const string Prefix = "sha256=";
    private const int DigestHexLength = 64;

    public static string Sign(byte[] body, string secret) => Hmac.ToHex(Digest(body, secret));

    /// <summary>Returns null when any signature in the header matches any secret; else a reason.</summary>
    public static string? Verify(RawWebhook webhook, IReadOnlyList<string> secrets)
    {
        var header = webhook.Headers[Header] ?? webhook.Headers[AlternateHeader];
        if (string.IsNullOrWhiteSpace(header))
            return $"missing {Header} header";

        var candidates = Candidates(header);
        if (!candidates.Any(LooksLikeDigest))
            return $"{Header} is not a {DigestHexLength}-character hex HMAC-SHA256";

        var matched = false;
        foreach (var secret in secrets)
        {
            var expected = Digest(webhook.Body, secret);
            // Check every candidate so timing does not depend on which one matched.
            foreach (var candidate in candidates)
                matched |= Hmac.HexEquals(candidate, expected);
        }
        return matched ? null : "no signature matches the connection's secret";
    }

    private static byte[] Digest(byte[] body, string secret) => Hmac.Sha256(Encoding.UTF8.GetBytes(secret), body);

    /// <summary>One signature per header, but several headers joined with ", " each count.</summary>
    private static List<string> Candidates(string header) =>
        header.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(WithoutPrefix)
            .ToList();

    private static string WithoutPrefix(string signature) =>
        signature.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? signature[Prefix.Length..] : signature;

    private static bool LooksLikeDigest(string candidate) =>
        candidate.Length == DigestHexLength && candidate.All(char.IsAsciiHexDigit);
}
