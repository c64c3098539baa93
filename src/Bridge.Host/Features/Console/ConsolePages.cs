using Bridge.Host.Features.Console.Pages;
using Microsoft.AspNetCore.Antiforgery;

namespace Bridge.Host.Features.Console;

/// <summary>Rendering helpers and the filters every console route shares.</summary>
public static class ConsolePages
{
    public static RazorComponentResult<TPage> Render<TPage>(object model, int statusCode = StatusCodes.Status200OK)
        where TPage : Microsoft.AspNetCore.Components.IComponent =>
        new(new Dictionary<string, object?> { ["Model"] = model }) { StatusCode = statusCode };

    public static RazorComponentResult<MessagePage> NotFound(HttpContext http, string what) =>
        Render<MessagePage>(new MessageView(ConsoleSession.From(http), "Not found", $"No such {what} in this team."), StatusCodes.Status404NotFound);

    public static RazorComponentResult<MessagePage> Forbidden(HttpContext http, string scope) =>
        Render<MessagePage>(new MessageView(ConsoleSession.From(http), "Not allowed",
            $"The API key this session signed in with lacks the '{scope}' permission."), StatusCodes.Status403Forbidden);

    /// <summary>No caching of operator data, no framing, nothing but our own inline styles and forms.</summary>
    public static ValueTask<object?> SecurityHeaders(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        return next(context);
    }

    /// <summary>State-changing forms carry the antiforgery token of a page this console rendered; anything else is refused.</summary>
    public static async ValueTask<object?> RequireAntiforgery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (await IsValidFormAsync(http))
            return await next(context);
        var session = http.User.Identity?.IsAuthenticated == true ? ConsoleSession.From(http) : null;
        return Render<MessagePage>(new MessageView(session, "Form expired",
            "The form was stale or did not come from this console. Go back, reload the page and try again."), StatusCodes.Status400BadRequest);
    }

    /// <summary>A body that cannot be read as a form (e.g. multipart without its boundary) carries no valid token either.</summary>
    private static async Task<bool> IsValidFormAsync(HttpContext http)
    {
        try
        {
            return await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }
}
