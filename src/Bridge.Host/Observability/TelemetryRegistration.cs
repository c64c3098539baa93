using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Bridge.Host.Observability;

/// <summary>
/// OpenTelemetry metrics: the bridge's meter (<see cref="BridgeMetrics"/>), ASP.NET Core's and the runtime's, exported
/// for Prometheus at <c>/metrics</c> (anonymous, outside the rate limit and the request log).
/// </summary>
public static class TelemetryRegistration
{
    public const string MetricsPath = "/metrics";
    public const string ServiceName = "affonso-bridge";

    public static IServiceCollection AddBridgeTelemetry(this IServiceCollection services)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
            .AddMeter(BridgeMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        return services;
    }

    public static IEndpointConventionBuilder MapBridgeMetrics(this IEndpointRouteBuilder routes) =>
        routes.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous().ExcludeFromDescription();
}
