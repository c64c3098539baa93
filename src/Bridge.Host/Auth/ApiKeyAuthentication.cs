using System.Text.Encodings.Web;
using Bridge.Core.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Bridge.Host.Auth;

/// <summary>
/// <c>Authorization: Bearer sk_live_…</c>. On success the principal carries the team id, key id and one <c>scope</c>
/// claim per permission. Failures keep Affonso's specific codes (MISSING_API_KEY, INVALID_API_KEY_FORMAT,
/// INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED), written as a 401 envelope by the challenge.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCache cache,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string TeamClaim = "team_id";
    public const string KeyClaim = "key_id";
    public const string ScopeClaim = "scope";
    private const string FailureItem = "bridge.auth.failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
            return Failure("MISSING_API_KEY", "API key is required. Use Authorization: Bearer <api_key>");
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Failure("INVALID_API_KEY_FORMAT", "The Authorization header must be 'Bearer <api_key>'.");
        var presented = header["Bearer ".Length..].Trim();
        if (!ApiKeyStore.HasKeyFormat(presented))
            return Failure("INVALID_API_KEY_FORMAT", "API keys start with sk_live_.");

        var key = await cache.FindAsync(presented, Context.RequestAborted);
        if (key is null)
            return Failure("INVALID_API_KEY", "The API key is not valid.");
        if (key.DisabledAt is not null)
            return Failure("API_KEY_DISABLED", "The API key is disabled.");
        if (key.ExpiresAt is { } expires && expires <= clock.GetUtcNow())
            return Failure("API_KEY_EXPIRED", "The API key has expired.");

        var claims = new List<Claim> { new(TeamClaim, key.TeamId), new(KeyClaim, key.Id) };
        claims.AddRange(key.ScopeSet.Select(scope => new Claim(ScopeClaim, scope)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Items[FailureItem] as ApiError
                      ?? new ApiError("MISSING_API_KEY", "API key is required. Use Authorization: Bearer <api_key>");
        return ApiErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, failure);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrors.WriteAsync(Context, StatusCodes.Status403Forbidden,
            new ApiError("INSUFFICIENT_PERMISSIONS", "The API key lacks the permission this endpoint needs."));

    private AuthenticateResult Failure(string code, string message)
    {
        Context.Items[FailureItem] = new ApiError(code, message);
        return AuthenticateResult.Fail(code);
    }
}

public static class ApiKeyClaims
{
    /// <summary>The authenticated key's team: every store query is scoped by it.</summary>
    public static string TeamId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyAuthenticationHandler.TeamClaim) ?? throw new InvalidOperationException("not authenticated with an API key");
}
