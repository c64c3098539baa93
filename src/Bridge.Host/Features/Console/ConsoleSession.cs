using Bridge.Host.Auth;
using Microsoft.AspNetCore.Antiforgery;

namespace Bridge.Host.Features.Console;

/// <summary>An antiforgery token for the forms of one page.</summary>
public sealed record CsrfToken(string FieldName, string Value);

/// <summary>
/// The signed-in operator as the pages see it: the team every query is scoped by, the key's id and scopes (to show
/// or hide the forms that change state), the page's antiforgery token and an optional notice from the last action.
/// </summary>
public sealed record ConsoleSession(string TeamId, string KeyId, IReadOnlySet<string> Scopes, CsrfToken Csrf, string? Notice = null)
{
    public const string CsrfFieldName = "__csrf";

    public bool Can(string scope) => Scopes.Contains(scope);

    public static ConsoleSession From(HttpContext http, string? notice = null) => new(
        http.User.TeamId(),
        http.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyClaim) ?? "",
        http.User.FindAll(ApiKeyAuthenticationHandler.ScopeClaim).Select(claim => claim.Value).ToHashSet(),
        TokenFor(http),
        notice);

    public static CsrfToken TokenFor(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return new CsrfToken(tokens.FormFieldName, tokens.RequestToken ?? "");
    }
}
