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

    /// <summary>
    /// Reads a PUT/PATCH body kept as a <see cref="System.Text.Json.Nodes.JsonObject"/> (so fields sent as null stay visible) into
    /// <typeparamref name="T"/>; a value of the wrong type is a 400 VALIDATION_ERROR naming the field, never a 500.
    /// </summary>
    public static bool TryRead<T>(System.Text.Json.Nodes.JsonObject body, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out JsonHttpResult<ErrorEnvelope>? error) where T : class
    {
        try
        {
            _ = body.Count; // reads every property name now, so a repeated one fails here and not later (see IsRepeatedProperty)
            value = body.Deserialize<T>(BridgeJson.Api);
            error = value is null ? ApiErrors.Validation("body", "A JSON object body is required.") : null;
            return value is not null;
        }
        catch (JsonException ex)
        {
            value = null;
            var field = ex.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "body";
            error = ApiErrors.Validation(field, $"{field} has the wrong type: " + ex.Message.Split(" Path:")[0].TrimEnd());
            return false;
        }
        catch (ArgumentException ex) when (IsRepeatedProperty(ex))
        {
            value = null;
            error = RepeatedProperty(ex);
            return false;
        }
    }

    /// <summary>
    /// A JsonObject body meets a repeated property name (<c>{"a":1,"a":2}</c>) only when it is first read, as the
    /// dictionary's duplicate-key exception; the body is ambiguous, so it is a 400, never a 500.
    /// </summary>
    public static bool IsRepeatedProperty(ArgumentException exception) => exception.ParamName == "key";

    public static JsonHttpResult<ErrorEnvelope> RepeatedProperty(ArgumentException exception) =>
        ApiErrors.Validation("body", "The body names a property more than once: " + exception.Message.Split(" (Parameter")[0]);

    /// <summary>The top-level fields sent as JSON <c>null</c> (they clear the stored value).</summary>
    public static IReadOnlySet<string> Nulls(System.Text.Json.Nodes.JsonObject body) =>
        body.Where(pair => pair.Value is null).Select(pair => pair.Key).ToHashSet();

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
