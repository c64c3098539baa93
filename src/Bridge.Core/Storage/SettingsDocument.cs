using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Bridge.Core.Storage;

/// <summary>
/// Settings documents stored as JSON text (program tracking, fraud rules, payment terms). snake_case, the same shape as
/// the API; a PATCH is a deep merge of the request object into the stored one, unknown fields refused.
/// </summary>
public static class SettingsDocument
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string? json) where T : new() =>
        string.IsNullOrWhiteSpace(json) || json == "{}" ? new T() : JsonSerializer.Deserialize<T>(json, Options) ?? new T();

    /// <summary>Overlays <paramref name="patch"/> on <paramref name="current"/>; throws <see cref="JsonException"/> naming the bad field.</summary>
    public static T Merge<T>(T current, JsonObject patch)
    {
        var merged = JsonSerializer.SerializeToNode(current, Options)!.AsObject();
        Overlay(merged, patch);
        return merged.Deserialize<T>(Options) ?? throw new JsonException("empty settings");
    }

    private static void Overlay(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is JsonObject nested && target[name] is JsonObject existing)
                Overlay(existing, nested);
            else
                target[name] = value?.DeepClone();
        }
    }
}
