using Bridge.Core.ApiKeys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Bridge.Host.Auth;

/// <summary>One authorization policy per scope; a missing scope answers 403 INSUFFICIENT_PERMISSIONS naming it.</summary>
public static class ScopeAuthorization
{
    public static IServiceCollection AddScopePolicies(this IServiceCollection services)
    {
        services.AddAuthorization(options =>
        {
            foreach (var scope in ApiKeyScopes.All)
                options.AddPolicy(scope, policy => policy
                    .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                    .RequireAuthenticatedUser()
                    .RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope));
        });
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopeResultHandler>();
        return services;
    }

    /// <summary>Requires an API key with <paramref name="scope"/> on one endpoint or group.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(scope);

    private sealed class ScopeResultHandler : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
        {
            if (result.Forbidden && context.User.Identity?.IsAuthenticated == true)
            {
                var missing = result.AuthorizationFailure?.FailedRequirements
                    .OfType<Microsoft.AspNetCore.Authorization.Infrastructure.ClaimsAuthorizationRequirement>()
                    .SelectMany(requirement => requirement.AllowedValues ?? [])
                    .FirstOrDefault();
                return ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, new ApiError(
                    "INSUFFICIENT_PERMISSIONS",
                    missing is null ? "The API key lacks the permission this endpoint needs." : $"The API key lacks the '{missing}' permission."));
            }
            return _default.HandleAsync(next, context, policy, result);
        }
    }
}
