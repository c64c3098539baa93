using Bridge.Host.Features.Affiliates;
using Bridge.Host.Features.Clicks;
using Bridge.Host.Features.Commissions;
using Bridge.Host.Features.Connections;
using Bridge.Host.Features.Console;
using Bridge.Host.Features.Outbound;
using Bridge.Host.Features.Conversions;
using Bridge.Host.Features.InboundEvents;
using Bridge.Host.Features.Webhooks;
using Bridge.Host.Features.Programs;
using Bridge.Host.Features.Referrals;
using Bridge.Host.Features.Signups;
using Bridge.Host.Health;
using Bridge.Host.Observability;
using Bridge.Host.OpenApi;
using Bridge.Host.RateLimiting;

namespace Bridge.Host.Extensions;

public static class PipelineExtensions
{
    /// <summary>
    /// Middleware order: request log → errors → body size → rate limit (+headers) → auth. The request line is written
    /// outside the exception handler, so it carries the status the client got (a malformed body is a 400, not a 500).
    /// </summary>
    public static WebApplication UseBridge(this WebApplication app)
    {
        app.UseBridgeRequestLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages(ApiErrors.WriteBareStatusAsync);
        app.UseMiddleware<BodySizeLimit>();
        app.UseRateLimiter();
        app.Use(app.Services.GetRequiredService<ApiRateLimiting>().Headers);
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The API, the webhook endpoint, and the operational endpoints (health, OpenAPI + docs, metrics).</summary>
    public static WebApplication MapBridge(this WebApplication app)
    {
        app.MapBridgeHealth();
        app.MapBridgeOpenApi();
        app.MapBridgeMetrics();
        app.MapClicks();
        app.MapSignups();
        app.MapReferrals();
        app.MapAffiliates();
        app.MapProgram();
        app.MapProgramGroups();
        app.MapConversions();
        app.MapEvents();
        app.MapCommissions();
        app.MapConnections();
        app.MapInboundEvents();
        app.MapWebhooks().WithWebhookLogProperties();
        app.MapOutboundWebhooks();
        app.MapBridgeConsole();
        return app;
    }
}
