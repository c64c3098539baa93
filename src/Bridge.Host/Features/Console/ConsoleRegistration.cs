namespace Bridge.Host.Features.Console;

/// <summary>The operator console (<c>/console</c>): registration and routes.</summary>
public static class ConsoleRegistration
{
    public static IServiceCollection AddBridgeConsole(this IServiceCollection services) => services;

    public static WebApplication MapBridgeConsole(this WebApplication app) => app;
}
