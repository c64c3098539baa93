using Bridge.Core.ApiKeys;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Bridge.Host.Features.Console;

/// <summary>
/// The operator console (<c>/console</c>): server-rendered Razor components behind a cookie scheme of its own. The
/// operator signs in by pasting an API key (checked like the API checks it, needing <c>read:events</c>); the cookie
/// carries the key's team, id and scopes, never the key. Every other route keeps the API-key scheme.
/// </summary>
public static class ConsoleRegistration
{
    public static IServiceCollection AddBridgeConsole(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddAntiforgery(options =>
        {
            options.FormFieldName = ConsoleSession.CsrfFieldName;
            options.Cookie.Name = "bridge_console_csrf";
            options.Cookie.Path = "/console";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddSingleton<ConsoleKeys>();
        services.AddAuthentication()
            .AddCookie(ConsoleAuth.Scheme, options =>
            {
                options.LoginPath = ConsoleAuth.LoginPath;
                options.LogoutPath = "/console/logout";
                options.AccessDeniedPath = ConsoleAuth.LoginPath;
                options.ReturnUrlParameter = "return_url";
                options.ExpireTimeSpan = ConsoleAuth.SessionLength;
                options.SlidingExpiration = true;
                options.Cookie.Name = "bridge_console";
                options.Cookie.Path = "/console";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Events.OnValidatePrincipal = ConsoleAuth.ValidatePrincipalAsync;
            });
        services.AddAuthorizationBuilder().AddPolicy(ConsoleAuth.Policy, policy => policy
            .AddAuthenticationSchemes(ConsoleAuth.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ConsoleAuth.ScopeClaim, ApiKeyScopes.ReadEvents));
        return services;
    }

    public static WebApplication MapBridgeConsole(this WebApplication app)
    {
        app.MapConsoleLogin();
        app.MapConsoleEvents();
        app.MapConsoleLedger();
        app.MapConsoleDeliveries();
        return app;
    }

    /// <summary>The signed-in part of the console: the cookie, no caching, no framing, no scripts.</summary>
    internal static RouteGroupBuilder MapConsoleGroup(this IEndpointRouteBuilder routes) =>
        routes.MapGroup("/console")
            .RequireAuthorization(ConsoleAuth.Policy)
            .AddEndpointFilter(ConsolePages.SecurityHeaders)
            .ExcludeFromDescription();
}
