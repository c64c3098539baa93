using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Bridge.Host.RateLimiting;

/// <summary>
/// Per-API-key limits through ASP.NET Core's rate limiter: <c>Api:RateLimit:PermitsPerMinute</c> for the API and a
/// separate, larger <c>Api:RateLimit:ClickPermitsPerMinute</c> budget for POST /v1/clicks (high-frequency tracking).
/// Partitions are keyed by a hash of the presented key, before authentication, so floods of bad keys are limited
/// without touching the database. Every /v1 response carries X-RateLimit-Limit/Remaining/Reset; a 429 adds
/// Retry-After and <c>error.retryAfter</c>. Webhook endpoints are never limited: providers retry and must get through.
/// </summary>
public sealed class ApiRateLimiting : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter;
    private readonly TimeProvider _clock;

    public ApiRateLimiting(IConfiguration configuration, TimeProvider clock)
    {
        _clock = clock;
        var apiPermits = configuration.GetValue("Api:RateLimit:PermitsPerMinute", 600);
        var clickPermits = configuration.GetValue("Api:RateLimit:ClickPermitsPerMinute", 6000);
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (!IsApi(context))
                return RateLimitPartition.GetNoLimiter("unlimited");
            var key = PartitionKey(context);
            return IsClick(context)
                ? RateLimitPartition.Get(key + "|clicks", _ => new MinuteWindowLimiter(clickPermits, clock))
                : RateLimitPartition.Get(key, _ => new MinuteWindowLimiter(apiPermits, clock));
        });
        ApiPermits = apiPermits;
        ClickPermits = clickPermits;
    }

    public int ApiPermits { get; }

    public int ClickPermits { get; }

    public PartitionedRateLimiter<HttpContext> Limiter => _limiter;

    public void Configure(RateLimiterOptions options)
    {
        options.GlobalLimiter = _limiter;
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = async (rejected, ct) =>
        {
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
            WriteHeaders(rejected.HttpContext, remaining: 0);
            rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ApiErrors.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, new ApiError(
                "RATE_LIMIT_EXCEEDED", $"Too many requests. Please retry after {retryAfter} seconds.", RetryAfter: retryAfter));
        };
    }

    /// <summary>Middleware (after the limiter) that adds the X-RateLimit-* headers to every /v1 response.</summary>
    public RequestDelegate Headers(RequestDelegate next) => context =>
    {
        if (IsApi(context))
        {
            var remaining = _limiter.GetStatistics(context)?.CurrentAvailablePermits ?? 0;
            context.Response.OnStarting(() =>
            {
                if (!context.Response.Headers.ContainsKey("X-RateLimit-Limit"))
                    WriteHeaders(context, remaining);
                return Task.CompletedTask;
            });
        }
        return next(context);
    };

    /// <summary>
    /// The X-RateLimit-* headers for a /v1 response written before the limiter runs (the 413 of the body-size check),
    /// showing the key's current budget without spending from it.
    /// </summary>
    public void WriteCurrentHeaders(HttpContext context)
    {
        if (IsApi(context))
            WriteHeaders(context, _limiter.GetStatistics(context)?.CurrentAvailablePermits ?? 0);
    }

    private void WriteHeaders(HttpContext context, long remaining)
    {
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = (IsClick(context) ? ClickPermits : ApiPermits).ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = Math.Max(0, remaining).ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = MinuteWindowLimiter.ResetAt(_clock.GetUtcNow()).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/v1");

    private static bool IsClick(HttpContext context) => context.Request.Path.StartsWithSegments("/v1/clicks");

    private static string PartitionKey(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
            return "anonymous:" + context.Connection.RemoteIpAddress;
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(header)), 0, 12);
    }

    public void Dispose() => _limiter.Dispose();
}
