using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Bridge.Reliability.BadInput;

/// <summary>
/// The values that must never be logged (API keys, connection and endpoint secrets, signature headers and their
/// digests), found in large amounts of text quickly: each secret is indexed by its first <see cref="Window"/> characters
/// and every window of the text is looked up once, so scanning costs one hash lookup per character whatever the number
/// of secrets. Only values of at least <see cref="Window"/> characters are tracked (every secret the suites make is).
/// </summary>
public sealed partial class SecretScanner
{
    public const int Window = 16;

    private readonly ConcurrentDictionary<string, string> _secrets = new(StringComparer.Ordinal);

    public int Count => _secrets.Count;

    /// <summary>Tracks <paramref name="value"/> (labelled with what it is, for the report).</summary>
    public void Add(string? value, string kind)
    {
        if (value is { Length: >= Window })
            _secrets.TryAdd(value, kind);
    }

    /// <summary>A signature header value and the digests inside it (hex or base64 runs of 32+ characters).</summary>
    public void AddSignature(string? header)
    {
        if (header is null)
            return;
        Add(header.Trim(), "signature header");
        foreach (Match digest in Digest().Matches(header))
            Add(digest.Value, "signature digest");
    }

    /// <summary>Each tracked secret found in <paramref name="texts"/>, with the first text it was found in.</summary>
    public IReadOnlyList<(string Secret, string Kind, string Text)> Find(IEnumerable<string> texts)
    {
        var index = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var secret in _secrets.Keys)
        {
            var key = secret[..Window];
            if (!index.TryGetValue(key, out var list))
                index[key] = list = [];
            list.Add(secret);
        }
        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        var found = new Dictionary<string, (string, string, string)>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var span = text.AsSpan();
            for (var i = 0; i + Window <= span.Length; i++)
            {
                if (!lookup.TryGetValue(span.Slice(i, Window), out var candidates))
                    continue;
                foreach (var secret in candidates)
                {
                    if (!found.ContainsKey(secret) && span[i..].StartsWith(secret, StringComparison.Ordinal))
                        found[secret] = (secret, _secrets[secret], text);
                }
            }
        }
        return found.Values.ToList();
    }

    /// <summary>For reports: enough of a secret to recognize it, not enough to use it.</summary>
    public static string Redact(string secret) => secret[..Math.Min(10, secret.Length)] + "…";

    [GeneratedRegex("[A-Za-z0-9+/_-]{32,}={0,2}")]
    private static partial Regex Digest();
}
