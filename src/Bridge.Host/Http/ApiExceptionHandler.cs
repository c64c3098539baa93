using Microsoft.AspNetCore.Diagnostics;

namespace Bridge.Host.Http;

/// <summary>
/// Turns what escapes an endpoint into the error envelope: unreadable or malformed requests → 400 VALIDATION_ERROR
/// (413 when too large), the database being unreachable → 503 (never a 2xx without a durable write), anything else →
/// 500 with the trace id (details only in the log).
/// </summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (context.Response.HasStarted)
            return false;
        switch (exception)
        {
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                await ApiErrors.WriteAsync(context, 413, BodySizeLimit.TooLarge(context));
                return true;
            case BadHttpRequestException bad:
                await ApiErrors.WriteAsync(context, bad.StatusCode == 415 ? 415 : 400, new ApiError(
                    bad.StatusCode == 415 ? "UNSUPPORTED_MEDIA_TYPE" : "VALIDATION_ERROR", Describe(bad)));
                return true;
            case InvalidOperationException { InnerException: ArgumentException } charset when charset.Message.Contains("charset", StringComparison.Ordinal):
                // The framework's JSON reader meets a Content-Type charset it does not know (e.g. "charset=nonsense").
                await ApiErrors.WriteAsync(context, 415, new ApiError("UNSUPPORTED_MEDIA_TYPE", "The Content-Type charset is not a known encoding; send UTF-8 JSON."));
                return true;
            case InvalidOperationException text when IsUndecodableJsonText(text):
                await ApiErrors.WriteAsync(context, 400, new ApiError("VALIDATION_ERROR",
                    "The body is not valid JSON text: it contains bytes that are not UTF-8, or an unpaired surrogate escape such as \\ud800."));
                return true;
            case Npgsql.PostgresException { SqlState: "22021" }:
                // PostgreSQL text cannot hold a NUL character (a JSON "\u0000"): the value is refused, not a server fault.
                await ApiErrors.WriteAsync(context, 400, new ApiError("VALIDATION_ERROR", "A text value contains a NUL character (\\u0000), which is not allowed."));
                return true;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                return true;
            case var unavailable when BridgeDatabase.IsUnavailable(unavailable):
                logger.LogWarning(unavailable, "Database unavailable while handling {Method} {Path}", context.Request.Method, context.Request.Path);
                context.Response.Headers.RetryAfter = "5";
                await ApiErrors.WriteAsync(context, 503, new ApiError("SERVICE_UNAVAILABLE", "The database is unavailable; nothing was stored. Retry shortly."));
                return true;
            default:
                logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                await ApiErrors.WriteAsync(context, 500, new ApiError("INTERNAL_ERROR", $"Unexpected error (trace id {context.TraceIdentifier})."));
                return true;
        }
    }

    /// <summary>
    /// System.Text.Json decodes string contents lazily: invalid UTF-8 or a lone surrogate escape in a JSON object or
    /// element body (metadata, PATCH documents) passes the parser and fails only when the text is read, with an
    /// exception its reader marks as coming from the input (source <c>System.Text.Json.Rethrowable</c>).
    /// </summary>
    private static bool IsUndecodableJsonText(InvalidOperationException exception) =>
        exception.Source?.StartsWith("System.Text.Json", StringComparison.Ordinal) == true &&
        (exception.InnerException is System.Text.DecoderFallbackException || exception.Message.Contains("UTF-16", StringComparison.Ordinal) || exception.Message.Contains("UTF-8", StringComparison.Ordinal));

    private static string Describe(BadHttpRequestException bad)
    {
        for (Exception? inner = bad.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
                return "The body is not valid JSON for this endpoint: " + json.Message.Split(" Path:")[0].TrimEnd() +
                       (json.Path is { Length: > 1 } path ? $" (at {path})" : "");
        }
        return bad.Message.Contains("Required parameter", StringComparison.Ordinal)
            ? "A JSON body is required."
            : bad.Message;
    }
}
