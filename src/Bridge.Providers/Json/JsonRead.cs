using System.Globalization;

namespace Bridge.Providers.Json;

/// <summary>Small, null-tolerant readers for provider payloads: a missing or null property reads as null.</summary>
public static class JsonRead
{
    /// <summary>Follows a path of property names; null when any step is missing, null or not an object.</summary>
    public static JsonElement? At(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out var next) || next.ValueKind == JsonValueKind.Null)
                return null;
            current = next;
        }
        return current;
    }

    /// <summary>A string value (numbers and booleans are returned as their JSON text); empty strings read as null.</summary>
    public static string? Str(this JsonElement element, params string[] path)
    {
        var value = element.At(path);
        return value?.ValueKind switch
        {
            JsonValueKind.String => string.IsNullOrEmpty(value.Value.GetString()) ? null : value.Value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.Value.GetRawText(),
            _ => null,
        };
    }

    /// <summary>An integer, from a JSON integer or an integer string (Paddle and Dodo send some amounts as strings).</summary>
    public static long? Long(this JsonElement element, params string[] path)
    {
        var value = element.At(path);
        return value?.ValueKind switch
        {
            JsonValueKind.Number when value.Value.TryGetInt64(out var number) => number,
            JsonValueKind.String when long.TryParse(value.Value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    public static bool? Bool(this JsonElement element, params string[] path)
    {
        var value = element.At(path);
        return value?.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
    }

    /// <summary>An ISO 8601 timestamp string, or Unix seconds, as a UTC instant.</summary>
    public static DateTimeOffset? Time(this JsonElement element, params string[] path)
    {
        var value = element.At(path);
        if (value is null)
            return null;
        if (value.Value.ValueKind == JsonValueKind.Number && value.Value.TryGetInt64(out var unix))
            return DateTimeOffset.FromUnixTimeSeconds(unix);
        if (value.Value.ValueKind == JsonValueKind.String &&
            DateTimeOffset.TryParse(value.Value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return parsed.ToUniversalTime();
        return null;
    }

    /// <summary>Upper-case ISO 4217 code, or null.</summary>
    public static string? Currency(this JsonElement element, params string[] path) =>
        element.Str(path)?.Trim().ToUpperInvariant();
}
