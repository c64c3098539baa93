using System.Globalization;

namespace Bridge.Providers.Json;

/// <summary>Small, null-tolerant readers for provider payloads: a missing or null property reads as null.</summary>
public static class JsonRead
{
    /// <summary>
    /// Follows a path of property names; null when any step is missing, null or not an object (or its property names
    /// cannot be decoded: the parser lets a lone surrogate escape in a name through, and the lookup then throws).
    /// </summary>
    public static JsonElement? At(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !TryGetProperty(current, name, out var next) || next.ValueKind == JsonValueKind.Null)
                return null;
            current = next;
        }
        return current;
    }

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        try
        {
            return element.TryGetProperty(name, out value);
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }

    /// <summary>
    /// A string value (numbers and booleans are returned as their JSON text); empty or blank strings read as null, and so do
    /// strings that cannot be decoded (invalid UTF-8 or a lone surrogate escape such as <c>"\ud800"</c>, which the parser
    /// lets through) and strings with a NUL character (no id, code or name has one, and PostgreSQL text cannot store it).
    /// </summary>
    public static string? Str(this JsonElement element, params string[] path)
    {
        var value = element.At(path);
        return value?.ValueKind switch
        {
            JsonValueKind.String => Text(value.Value) is { } text && !string.IsNullOrWhiteSpace(text) && !text.Contains('\0') ? text : null,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.Value.GetRawText(),
            _ => null,
        };
    }

    /// <summary>
    /// An amount in minor units, from a JSON integer or an integer string (Paddle and Dodo send some amounts as strings).
    /// Amounts are never negative: a negative number reads as null, like a missing one.
    /// </summary>
    public static long? Long(this JsonElement element, params string[] path)
    {
        var value = element.At(path);
        long? number = value?.ValueKind switch
        {
            JsonValueKind.Number when value.Value.TryGetInt64(out var integer) => integer,
            JsonValueKind.String when long.TryParse(Text(value.Value), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
        return number >= 0 ? number : null;
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
            return UnixSeconds(unix);
        if (value.Value.ValueKind == JsonValueKind.String &&
            DateTimeOffset.TryParse(Text(value.Value), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return parsed.ToUniversalTime();
        return null;
    }

    /// <summary>Unix seconds as an instant; null outside the years 1–9999.</summary>
    public static DateTimeOffset? UnixSeconds(long seconds) =>
        seconds is >= MinUnixSeconds and <= MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>Unix milliseconds as an instant; null outside the years 1–9999.</summary>
    public static DateTimeOffset? UnixMilliseconds(long milliseconds) =>
        milliseconds is >= MinUnixSeconds * 1000 and <= MaxUnixSeconds * 1000 + 999 ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null;

    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>Upper-case ISO 4217 code (three ASCII letters), or null.</summary>
    public static string? Currency(this JsonElement element, params string[] path) =>
        element.Str(path)?.Trim() is { Length: 3 } code && code.All(char.IsAsciiLetter) ? code.ToUpperInvariant() : null;

    /// <summary>The string, or null when it cannot be decoded.</summary>
    private static string? Text(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
