using Bridge.Core.Outbound;
using Quartz;

namespace Bridge.Host.Features.Outbound;

/// <summary>Outbound webhooks: the store, the dispatcher and its Quartz job, the HTTP client, the API.</summary>
public static class OutboundRegistration
{
    public static IServiceCollection AddOutboundWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OutboundOptions>(configuration.GetSection("Outbound"));
        services.AddSingleton<OutboundDispatcher>();
        services.AddHttpClient(OutboundDispatcher.HttpClientName, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("affonso-bridge-webhooks/1.0"));
        var every = Math.Max(1, configuration.GetValue("Outbound:IntervalSeconds", 5));
        services.AddQuartz(quartz =>
        {
            var key = new JobKey(nameof(OutboundDispatchJob));
            quartz.AddJob<OutboundDispatchJob>(job => job.WithIdentity(key));
            quartz.AddTrigger(trigger => trigger.ForJob(key).StartNow().WithSimpleSchedule(TimeSpan.FromSeconds(every)));
        });
        return services;
    }

    public static WebApplication MapOutboundWebhooks(this WebApplication app)
    {
        app.MapOutboundApi();
        return app;
    }
}

/// <summary>Sends due outbound deliveries (the logic lives in <see cref="OutboundDispatcher"/>).</summary>
[DisallowConcurrentExecution]
public sealed class OutboundDispatchJob(OutboundDispatcher dispatcher) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await dispatcher.RunOnceAsync(cancellationToken);
}
