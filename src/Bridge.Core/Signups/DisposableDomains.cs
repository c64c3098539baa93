namespace Bridge.Core.Signups;

/// <summary>The shipped list of throw-away e-mail domains (embedded <c>disposable-domains.txt</c>) plus configured extras.</summary>
public sealed class DisposableDomains
{
    private readonly HashSet<string> _domains;

    public DisposableDomains(IEnumerable<string>? extra = null)
    {
        using var stream = typeof(DisposableDomains).Assembly.GetManifestResourceStream("disposable-domains.txt")
            ?? throw new InvalidOperationException("disposable-domains.txt is not embedded");
        using var reader = new StreamReader(stream);
        _domains = reader.ReadToEnd()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .Concat(extra ?? [])
            .Select(domain => domain.Trim().ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
    }

    public int Count => _domains.Count;

    /// <summary>True when the address's domain, or a parent domain of it, is on the list.</summary>
    public bool IsDisposable(string email)
    {
        var at = email.LastIndexOf('@');
        if (at < 0)
            return false;
        var domain = email[(at + 1)..].Trim().TrimEnd('.').ToLowerInvariant();
        while (domain.Length > 0)
        {
            if (_domains.Contains(domain))
                return true;
            var dot = domain.IndexOf('.');
            if (dot < 0)
                break;
            domain = domain[(dot + 1)..];
        }
        return false;
    }
}
