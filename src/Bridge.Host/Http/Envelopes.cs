namespace Bridge.Host.Http;

/// <summary><c>{"success": true, "data": {...}}</c> — Affonso's single-object envelope.</summary>
public sealed record Envelope<T>(T Data)
{
    [JsonPropertyOrder(-1)]
    public bool Success => true;
}

/// <summary>Offset-paginated list: <c>{"success", "data": [...], "pagination": {...}}</c>.</summary>
public sealed record PageEnvelope<T>(IReadOnlyList<T> Data, Pagination Pagination)
{
    [JsonPropertyOrder(-1)]
    public bool Success => true;
}

public sealed record Pagination(int Page, int Limit, long Total, int TotalPages, bool HasNextPage, bool HasPrevPage)
{
    public static Pagination Of(int page, int limit, long total)
    {
        var totalPages = (int)((total + limit - 1) / limit);
        return new Pagination(page, limit, total, totalPages, page < totalPages, page > 1);
    }
}

/// <summary>Cursor-paginated list: <c>{"success", "data": [...], "has_more": bool}</c>.</summary>
public sealed record CursorEnvelope<T>(IReadOnlyList<T> Data, bool HasMore)
{
    [JsonPropertyOrder(-1)]
    public bool Success => true;
}

/// <summary><c>{"success": true, "message": "..."}</c> — Affonso's delete response.</summary>
public sealed record MessageEnvelope(string Message)
{
    [JsonPropertyOrder(-1)]
    public bool Success => true;
}

/// <summary><c>{"success": false, "error": {...}}</c> — Affonso's error envelope.</summary>
public sealed record ErrorEnvelope(ApiError Error)
{
    [JsonPropertyOrder(-1)]
    public bool Success => false;
}

public sealed record ApiError(
    string Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ErrorDetail>? Details = null,
    [property: JsonPropertyName("retryAfter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RetryAfter = null);

/// <summary>One per-field problem in <c>error.details[]</c>.</summary>
public sealed record ErrorDetail(string Path, string Message);
