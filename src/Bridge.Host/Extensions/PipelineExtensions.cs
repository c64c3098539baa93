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
using Bridge.Host.RateLimiting;
using Serilog;

namespace Bridge.Host.Extensions;

public static class PipelineExtensions
{
    /// <summary>Middleware order: errors → request log → body size → rate limit (+headers) → auth.</summary>
    public static WebApplication UseBridge(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseSerilogRequestLogging(options => options.GetLevel = (context, _, ex) =>
            ex is not null || context.Response.StatusCode >= 500 ? Serilog.Events.LogEventLevel.Error : Serilog.Events.LogEventLevel.Information);
        app.UseMiddleware<BodySizeLimit>();
        app.UseRateLimiter();
        app.Use(app.Services.GetRequiredService<ApiRateLimiting>().Headers);
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapBridge(this WebApplication app)
    {
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
        app.MapWebhooks();
        app.MapOutboundWebhooks();
        app.MapBridgeConsole();
        return app;
    }
}
