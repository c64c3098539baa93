using System.Text.Json.Nodes;

namespace Bridge.Providers.Fixtures;

/// <summary>
/// A captured provider event: the raw body byte-for-byte in <c>&lt;name&gt;.json</c>, and beside it a sidecar
/// <c>&lt;name&gt;.expect.json</c> with the delivery's headers (signatures removed) and what the bridge must derive.
/// </summary>
public sealed record CapturedEvent(string Name, string BodyPath, byte[] Body, FixtureSidecar Sidecar)
{
    public const string SidecarSuffix = ".expect.json";

    public static readonly JsonSerializerOptions SidecarJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
    };

    /// <summary>Loads every captured event under the given files or folders (recursively), sorted by path.</summary>
    public static IReadOnlyList<CapturedEvent> Load(IEnumerable<string> paths)
    {
        var bodies = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
                bodies.AddRange(Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories));
            else if (File.Exists(path))
                bodies.Add(path);
            else
                throw new FileNotFoundException($"no fixture file or folder at '{path}'", path);
        }
        return bodies
            .Where(path => !path.EndsWith(SidecarSuffix, StringComparison.Ordinal))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .Select(LoadOne)
            .ToList();
    }

    public static CapturedEvent LoadOne(string bodyPath)
    {
        var sidecarPath = SidecarPathFor(bodyPath);
        if (!File.Exists(sidecarPath))
            throw new FileNotFoundException($"fixture '{bodyPath}' has no sidecar '{Path.GetFileName(sidecarPath)}'", sidecarPath);
        var sidecar = JsonSerializer.Deserialize<FixtureSidecar>(File.ReadAllBytes(sidecarPath), SidecarJson)
            ?? throw new InvalidDataException($"sidecar '{sidecarPath}' is empty");
        var name = Path.GetFileNameWithoutExtension(bodyPath);
        return new CapturedEvent(name, bodyPath, File.ReadAllBytes(bodyPath), sidecar);
    }

    public static string SidecarPathFor(string bodyPath) =>
        Path.Combine(Path.GetDirectoryName(bodyPath) ?? ".", Path.GetFileNameWithoutExtension(bodyPath) + SidecarSuffix);

    public override string ToString() => $"{Sidecar.Provider}/{Name}";
}

/// <summary>The sidecar of a captured event.</summary>
public sealed record FixtureSidecar
{
    public required string Provider { get; init; }

    /// <summary>The provider's event id (the inbox's idempotency key).</summary>
    public required string EventId { get; init; }

    public required string EventType { get; init; }

    public bool? LiveMode { get; init; }

    /// <summary>Headers as delivered, minus signature headers (they are made fresh when replayed).</summary>
    public Dictionary<string, string> Headers { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What the bridge must derive, in the flat form of <see cref="PaymentEventJson"/>; only named fields are checked.</summary>
    public List<JsonObject> Payments { get; init; } = [];

    public string? Notes { get; init; }
}
