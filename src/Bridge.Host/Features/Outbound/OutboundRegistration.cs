namespace Bridge.Host.Features.Outbound;

/// <summary>Outbound webhooks: registration and routes.</summary>
public static class OutboundRegistration
{
    public static IServiceCollection AddOutboundWebhooks(this IServiceCollection services, IConfiguration configuration) => services;

    public static WebApplication MapOutboundWebhooks(this WebApplication app) => app;
}
