namespace Bridge.Host.Cli;

/// <summary>Minimal option parsing for the host's verbs: positional words, <c>--name value</c> and <c>--flag</c>.</summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    public CliArgs(IReadOnlyList<string> args, IReadOnlySet<string> flags)
    {
        var words = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                words.Add(arg);
                continue;
            }
            var name = arg[2..];
            var equals = name.IndexOf('=');
            if (equals >= 0)
                _options[name[..equals]] = name[(equals + 1)..];
            else if (flags.Contains(name) || i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                _options[name] = null;
            else
                _options[name] = args[++i];
        }
        Words = words;
    }

    public IReadOnlyList<string> Words { get; }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.TryGetValue(name, out var value) ? value : null;

    public string Require(string name) =>
        Get(name) is { Length: > 0 } value ? value : throw new CliUsageException($"--{name} is required");

    public IEnumerable<string> Unknown(IEnumerable<string> known) => _options.Keys.Except(known);
}

public sealed class CliUsageException(string message) : Exception(message);
