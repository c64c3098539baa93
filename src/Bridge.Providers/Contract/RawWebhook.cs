namespace Bridge.Providers.Contract;

/// <summary>
/// A webhook request exactly as it arrived: the raw body bytes (never re-serialized) and the request headers.
/// Header names are matched case-insensitively.
/// </summary>
public sealed record RawWebhook(string Provider, WebhookHeaders Headers, byte[] Body, DateTimeOffset ReceivedAt)
{
    /// <summary>The body as UTF-8 text, for libraries that only take strings (Stripe.net).</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>Case-insensitive, read-only request headers. Multiple values of one header are joined with ", ".</summary>
public sealed class WebhookHeaders
{
    private readonly Dictionary<string, string> _values;

    public WebhookHeaders(IEnumerable<KeyValuePair<string, string>> values)
    {
        _values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in values)
            _values[name] = _values.TryGetValue(name, out var existing) ? existing + ", " + value : value;
    }

    public static WebhookHeaders Empty { get; } = new([]);

    public string? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

    public IReadOnlyDictionary<string, string> All => _values;
}
