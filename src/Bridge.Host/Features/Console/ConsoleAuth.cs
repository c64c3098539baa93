using Bridge.Core.ApiKeys;
using Bridge.Host.Auth;
using Bridge.Host.Features.Console.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Bridge.Host.Features.Console;

/// <summary>
/// Console sign-in: the login form takes an API key, checks it with the API's rules (format, exists, not disabled or
/// expired) plus the <c>read:events</c> scope, and issues the console cookie with the key's team, id and scopes.
/// Each request re-checks that the key is still usable, so disabling a key ends its console sessions too.
/// </summary>
public static class ConsoleAuth
{
    public const string Scheme = "Console";
    public const string Policy = "console";
    public const string LoginPath = "/console/login";
    public const string ScopeClaim = ApiKeyAuthenticationHandler.ScopeClaim;
    public static readonly TimeSpan SessionLength = TimeSpan.FromHours(8);

    public static RouteGroupBuilder MapConsoleLogin(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/console").AllowAnonymous().AddEndpointFilter(ConsolePages.SecurityHeaders).ExcludeFromDescription();
        group.MapGet("/", () => TypedResults.Redirect("/console/events"));
        group.MapGet("/login", (HttpContext http, [FromQuery(Name = "return_url")] string? returnUrl) =>
            ConsolePages.Render<LoginPage>(new LoginView(ConsoleSession.TokenFor(http), SafeReturnUrl(returnUrl), null)));
        group.MapPost("/login", LogInAsync).AddEndpointFilter(ConsolePages.RequireAntiforgery);
        group.MapPost("/logout", async Task<RedirectHttpResult> (HttpContext http) =>
        {
            await http.SignOutAsync(Scheme);
            return TypedResults.Redirect(LoginPath);
        }).RequireAuthorization(Policy).AddEndpointFilter(ConsolePages.RequireAntiforgery);
        return group;
    }

    private static async Task<Results<RedirectHttpResult, RazorComponentResult<LoginPage>>> LogInAsync(
        HttpContext http, ApiKeyCache keys, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var presented = form["api_key"].ToString().Trim();
        var returnUrl = SafeReturnUrl(form["return_url"]);
        var key = ApiKeyStore.HasKeyFormat(presented) ? await keys.FindAsync(presented, ct) : null;
        var now = clock.GetUtcNow();
        var error = !ApiKeyStore.HasKeyFormat(presented) ? "That is not an API key: keys start with sk_live_."
            : key is null ? "This API key is not valid."
            : key.DisabledAt is not null ? "This API key is disabled."
            : key.ExpiresAt <= now ? "This API key has expired."
            : !key.ScopeSet.Contains(ApiKeyScopes.ReadEvents) ? "This API key lacks the read:events permission the console needs."
            : null;
        var log = loggers.CreateLogger("Bridge.Console");
        if (error is not null || key is null)
        {
            log.LogWarning("Console sign-in refused: {Reason}", error);
            return ConsolePages.Render<LoginPage>(new LoginView(ConsoleSession.TokenFor(http), returnUrl, error), StatusCodes.Status401Unauthorized);
        }

        var claims = new List<Claim> { new(ApiKeyAuthenticationHandler.TeamClaim, key.TeamId), new(ApiKeyAuthenticationHandler.KeyClaim, key.Id) };
        claims.AddRange(key.ScopeSet.Order().Select(scope => new Claim(ScopeClaim, scope)));
        var expires = key.ExpiresAt is { } keyExpiry && keyExpiry < now + SessionLength ? keyExpiry : now + SessionLength;
        await http.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme)),
            new AuthenticationProperties { IsPersistent = false, ExpiresUtc = expires });
        log.LogInformation("Console sign-in with key {KeyId} of team {TeamId}", key.Id, key.TeamId);
        return TypedResults.Redirect(returnUrl);
    }

    /// <summary>Rejects the cookie when its key was disabled, expired or deleted since sign-in.</summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var user = context.Principal;
        var teamId = user?.FindFirstValue(ApiKeyAuthenticationHandler.TeamClaim);
        var keyId = user?.FindFirstValue(ApiKeyAuthenticationHandler.KeyClaim);
        var keys = context.HttpContext.RequestServices.GetRequiredService<ConsoleKeys>();
        if (teamId is null || keyId is null || !await keys.IsUsableAsync(teamId, keyId, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    /// <summary>Only console paths are followed after sign-in (no open redirect).</summary>
    internal static string SafeReturnUrl(string? url) =>
        url is not null && url.StartsWith("/console/", StringComparison.Ordinal) && !url.StartsWith("/console/login", StringComparison.Ordinal)
            && !url.Contains('\\') && !url.Contains("//", StringComparison.Ordinal)
            ? url
            : "/console/events";
}
