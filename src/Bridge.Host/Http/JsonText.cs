namespace Bridge.Host.Http;

/// <summary>Free-form JSON (metadata) kept as text in the store and returned as JSON.</summary>
public static class JsonText
{
    public static JsonElement? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Metadata must be a JSON object (or null); returns its text, or an error message.</summary>
    public static (string? Text, string? Error) FromObject(JsonElement? value, string field) => value switch
    {
        null => (null, null),
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => (null, null),
        { ValueKind: JsonValueKind.Object } element when element.GetRawText().Length <= 16_384 => (element.GetRawText(), null),
        { ValueKind: JsonValueKind.Object } => (null, $"{field} must be at most 16384 characters of JSON"),
        _ => (null, $"{field} must be a JSON object"),
    };
}
