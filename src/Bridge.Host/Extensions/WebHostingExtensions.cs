using Bridge.Host.Auth;
using Bridge.Host.Features.Connections;
using Bridge.Host.Features.Console;
using Bridge.Host.Features.Outbound;
using Bridge.Host.Features.Webhooks;
using Bridge.Host.Health;
using Bridge.Host.Jobs;
using Bridge.Host.Observability;
using Bridge.Host.OpenApi;
using Bridge.Host.Processing;
using Bridge.Host.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Bridge.Host.Extensions;

public static class WebHostingExtensions
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Everything the web host registers: settings, logging, store, auth, limits, JSON and error handling.</summary>
    public static WebApplicationBuilder AddBridge(this WebApplicationBuilder builder)
    {
        builder.AddBridgeServices();
        builder.AddBridgeLogging();
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Api:MaxBodyBytes", BodySizeLimit.DefaultMaxBytes));

        var services = builder.Services;
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options => BridgeJson.Configure(options.SerializerOptions));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();

        services.AddSingleton<ApiKeyCache>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { });
        services.AddScopePolicies();

        services.AddBridgeHealth();
        services.AddBridgeOpenApi();
        services.AddBridgeTelemetry();
        services.Configure<HostOptions>(options => options.ShutdownTimeout = builder.Configuration.GetValue("Host:ShutdownTimeout", TimeSpan.FromSeconds(30)));

        services.AddWebhookPipeline(builder.Configuration);
        services.AddOutboundWebhooks(builder.Configuration);
        services.AddBridgeConsole();

        services.AddSingleton<ApiRateLimiting>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<ApiRateLimiting>((options, limits) => limits.Configure(options));
        return builder;
    }

    /// <summary>Ingestion, the inbox worker and the Quartz sweeps.</summary>
    public static IServiceCollection AddWebhookPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddSingleton<BridgeMetrics>();
        services.AddSingleton<RejectedWebhooks>();
        services.AddSingleton<WebhookLimits>();
        services.AddSingleton<ConnectionCache>();
        services.AddSingleton<WebhookUrls>();
        services.AddSingleton<InboxSignal>();
        services.AddSingleton<Features.Capture.CaptureWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Capture.CaptureWriter>());
        services.Configure<InboxOptions>(configuration.GetSection("Inbox"));
        services.AddSingleton<InboxProcessor>();
        services.AddSingleton<InboxWorker>();
        if (configuration.GetValue("Inbox:Enabled", true))
            services.AddHostedService(sp => sp.GetRequiredService<InboxWorker>());
        services.AddBridgeJobs(configuration);
        return services;
    }

    /// <summary>
    /// Serilog: readable console in Development, compact JSON (one object per line, every property top-level) to stdout
    /// elsewhere. <c>Logging:MinimumLevel</c> (default Information) lowers or raises the bridge's own level; framework
    /// categories stay at Warning. Sinks and enrichers registered in DI are added too.
    /// </summary>
    public static WebApplicationBuilder AddBridgeLogging(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        var level = builder.Configuration.GetValue("Logging:MinimumLevel", LogEventLevel.Information);
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.MinimumLevel.Is(level)
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
                .MinimumLevel.Override("Quartz", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection", LogEventLevel.Error)
                .MinimumLevel.Override("Bridge.Host.Auth.ApiKeyAuthenticationHandler", LogEventLevel.Warning)
                .Enrich.FromLogContext()
                .ReadFrom.Services(services);
            if (development)
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");
            else
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
        }, preserveStaticLogger: true); // this host's logger, not the static Log.Logger shared by every host in a process
        return builder;
    }
}
