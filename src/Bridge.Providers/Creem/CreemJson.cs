using Bridge.Providers.Json;

namespace Bridge.Providers.Creem;

/// <summary>Readers for the shapes Creem uses: relations that are an id or an expanded object, and epoch-millisecond times.</summary>
internal static class CreemJson
{
    /// <summary>Creem sends Unix milliseconds (<c>created_at</c> of events, refunds, transactions); seconds are read too.</summary>
    private const long SmallestMillisecondsValue = 100_000_000_000;

    /// <summary>The id of a relation that is either an id string or an object with <c>id</c>.</summary>
    public static string? IdOf(this JsonElement? element, string name)
    {
        if (element?.At(name) is not { } relation)
            return null;
        return relation.ValueKind == JsonValueKind.Object ? relation.Str("id") : relation.Str();
    }

    /// <summary>The relation when it is an expanded object; null when absent or only an id.</summary>
    public static JsonElement? ObjectAt(this JsonElement? element, string name) =>
        element?.At(name) is { ValueKind: JsonValueKind.Object } relation ? relation : null;

    public static DateTimeOffset? Instant(this JsonElement? element, string name)
    {
        if (element?.At(name) is not { } value)
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
            return number is >= SmallestMillisecondsValue or <= -SmallestMillisecondsValue
                ? JsonRead.UnixMilliseconds(number)
                : JsonRead.UnixSeconds(number);
        return value.Time();
    }
}
