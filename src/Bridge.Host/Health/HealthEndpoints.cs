using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bridge.Host.Health;

/// <summary>
/// <c>/health/live</c>: the process answers (always 200). <c>/health/ready</c>: the database answers, no migration is
/// pending, the inbox worker is alive (when this instance runs one) and shutdown has not begun — 200 with each check,
/// else 503. Both anonymous, outside the rate limit and the request log.
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddBridgeHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<InboxWorkerHealthCheck>("inbox_worker", tags: [ReadyTag])
            .AddCheck<ShutdownHealthCheck>("shutdown", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapBridgeHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .AllowAnonymous().WithTags("Health").WithSummary("Liveness: the process is up (always 200).");
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .AllowAnonymous().WithTags("Health").WithSummary("Readiness: database reachable, migrations applied, inbox worker alive (200, else 503).");
        return routes;
    }

    /// <summary><c>{"status": "healthy", "checks": {"database": {"status": "healthy", "description": "...", "duration_ms": 1.2}}}</c></summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.Headers.CacheControl = "no-store";
        var body = new HealthResponse(Status(report.Status), report.Entries.ToDictionary(
            entry => entry.Key,
            entry => new HealthCheckResponse(Status(entry.Value.Status), entry.Value.Description, Math.Round(entry.Value.Duration.TotalMilliseconds, 1))));
        return context.Response.WriteAsJsonAsync(body, BridgeJson.Api);
    }

    private static string Status(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}

public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, HealthCheckResponse> Checks);

public sealed record HealthCheckResponse(string Status, string? Description, double DurationMs);
