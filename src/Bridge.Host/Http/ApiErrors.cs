using Microsoft.AspNetCore.Diagnostics;

namespace Bridge.Host.Http;

/// <summary>
/// The status-code policy, written once. Every error the API returns goes through here, so code and status agree:
/// 400 VALIDATION_ERROR, 401 auth codes, 403 INSUFFICIENT_PERMISSIONS, 404 NOT_FOUND, 409 DUPLICATE_ERROR,
/// 413 PAYLOAD_TOO_LARGE, 429 RATE_LIMIT_EXCEEDED, 503 SERVICE_UNAVAILABLE.
/// </summary>
public static class ApiErrors
{
    public static JsonHttpResult<ErrorEnvelope> Validation(string field, string message) =>
        Error(StatusCodes.Status400BadRequest, new ApiError("VALIDATION_ERROR", message, field, [new ErrorDetail(field, message)]));

    public static JsonHttpResult<ErrorEnvelope> Validation(IReadOnlyList<ErrorDetail> details) =>
        Error(StatusCodes.Status400BadRequest, new ApiError(
            "VALIDATION_ERROR",
            details.Count == 1 ? details[0].Message : $"{details.Count} fields are invalid: " + string.Join("; ", details.Select(d => d.Message)),
            details.Count > 0 ? details[0].Path : null,
            details));

    public static JsonHttpResult<ErrorEnvelope> NotFound(string what) =>
        Error(StatusCodes.Status404NotFound, new ApiError("NOT_FOUND", $"{what} not found"));

    public static JsonHttpResult<ErrorEnvelope> Duplicate(string field, string message) =>
        Error(StatusCodes.Status409Conflict, new ApiError("DUPLICATE_ERROR", message, field));

    public static JsonHttpResult<ErrorEnvelope> Conflict(string message) =>
        Error(StatusCodes.Status409Conflict, new ApiError("CONFLICT", message));

    public static JsonHttpResult<ErrorEnvelope> Error(int status, ApiError error) =>
        TypedResults.Json(new ErrorEnvelope(error), BridgeJson.Api, statusCode: status);

    /// <summary>
    /// For <c>UseStatusCodePages</c>: an error the framework answers without a body on an API path — no route (404), a
    /// method the route does not map (405), a body that is not JSON (415, decided by routing before auth runs) — gets the
    /// envelope too. Other paths (console, health) keep the framework's answer.
    /// </summary>
    public static Task WriteBareStatusAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        if (!context.Request.Path.StartsWithSegments("/v1") && !context.Request.Path.StartsWithSegments("/webhooks"))
            return Task.CompletedTask;
        var code = context.Response.StatusCode;
        var error = code switch
        {
            StatusCodes.Status404NotFound => new ApiError("NOT_FOUND", "No such route."),
            StatusCodes.Status405MethodNotAllowed => new ApiError("METHOD_NOT_ALLOWED", $"{context.Request.Method} is not allowed on this route."),
            StatusCodes.Status415UnsupportedMediaType => new ApiError("UNSUPPORTED_MEDIA_TYPE", "The body must be JSON: send Content-Type: application/json."),
            >= 500 => new ApiError("INTERNAL_ERROR", $"Unexpected error (trace id {context.TraceIdentifier})."),
            _ => new ApiError("BAD_REQUEST", Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(code) is { Length: > 0 } phrase ? phrase : "Bad request."),
        };
        return WriteAsync(context, code, error);
    }

    /// <summary>Writes an error outside an endpoint (middleware, auth, rate limiter).</summary>
    public static Task WriteAsync(HttpContext context, int status, ApiError error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorEnvelope(error), BridgeJson.Api);
    }
}
