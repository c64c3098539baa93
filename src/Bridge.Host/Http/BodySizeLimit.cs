using Microsoft.AspNetCore.Http.Features;

namespace Bridge.Host.Http;

/// <summary>
/// Refuses bodies over <c>Api:MaxBodyBytes</c> (default 1 MiB) with 413 before anything reads them: by Content-Length
/// up front, and for chunked bodies through the server's own limit (which throws while reading, mapped to 413).
/// </summary>
public sealed class BodySizeLimit(RequestDelegate next, IConfiguration configuration)
{
    public const long DefaultMaxBytes = 1024 * 1024;

    private readonly long _maxBytes = configuration.GetValue("Api:MaxBodyBytes", DefaultMaxBytes);

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _maxBytes)
            return ApiErrors.WriteAsync(context, 413, TooLarge(context));
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = _maxBytes;
        return next(context);
    }

    public static ApiError TooLarge(HttpContext context)
    {
        var max = context.RequestServices.GetRequiredService<IConfiguration>().GetValue("Api:MaxBodyBytes", DefaultMaxBytes);
        return new ApiError("PAYLOAD_TOO_LARGE", $"The request body is larger than {max} bytes; nothing was stored.");
    }
}
