using Bridge.Host.Auth;
using Bridge.Host.Features.Webhooks;
using Serilog;
using Serilog.Context;
using Serilog.Events;

namespace Bridge.Host.Observability;

/// <summary>
/// One Serilog line per request (<c>HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed} ms</c>) with
/// the route template, the team and key id (never the key), and for webhooks the provider, connection and the inbound
/// event the delivery became. Health probes and metric scrapes are not logged. Headers, query strings and bodies never
/// are: they carry API keys, signatures and secrets.
/// </summary>
public static class RequestLogging
{
    public static WebApplication UseBridgeRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            // This host's logger, not the static Log.Logger (the last host built in a process would receive every line).
            options.Logger = app.Services.GetService<Serilog.ILogger>();
            options.GetLevel = (context, _, ex) =>
                ex is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
                : IsProbe(context.Request.Path) ? LogEventLevel.Verbose
                : LogEventLevel.Information;
            options.EnrichDiagnosticContext = Enrich;
        });
        return app;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(TelemetryRegistration.MetricsPath);

    private static void Enrich(IDiagnosticContext diagnostics, HttpContext context)
    {
        if (context.GetEndpoint() is RouteEndpoint endpoint)
            diagnostics.Set("RoutePattern", endpoint.RoutePattern.RawText);
        if (context.User.FindFirstValue(ApiKeyAuthenticationHandler.TeamClaim) is { } teamId)
            diagnostics.Set("TeamId", teamId);
        if (context.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyClaim) is { } keyId)
            diagnostics.Set("ApiKeyId", keyId);
    }

    /// <summary>
    /// For <c>POST /webhooks/{provider}/{connectionId}</c>: every line logged while the delivery is handled carries
    /// <c>Provider</c> and <c>ConnectionId</c>, and the request line gets <c>InboundEventId</c> and <c>Duplicate</c>.
    /// </summary>
    public static RouteGroupBuilder WithWebhookLogProperties(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            var diagnostics = http.RequestServices.GetRequiredService<IDiagnosticContext>();
            var provider = http.GetRouteValue("provider") as string;
            var connectionId = http.GetRouteValue("connectionId") as string;
            diagnostics.Set("Provider", provider);
            diagnostics.Set("ConnectionId", connectionId);
            using var _ = LogContext.PushProperty("Provider", provider);
            using var __ = LogContext.PushProperty("ConnectionId", connectionId);
            var result = await next(invocation);
            if ((result as INestedHttpResult)?.Result is Ok<WebhookAck> { Value: { } ack })
            {
                diagnostics.Set("InboundEventId", ack.Id);
                diagnostics.Set("Duplicate", ack.Duplicate);
            }
            return result;
        });
        return group;
    }
}
