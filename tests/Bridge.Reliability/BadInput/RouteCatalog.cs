using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Reliability.BadInput;

/// <summary>One mapped route and the methods it answers (every method when the endpoint does not restrict them).</summary>
public sealed record Route(RoutePattern Pattern, IReadOnlyList<string> Methods)
{
    public static readonly string[] AnyMethod = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public string Text => "/" + (Pattern.RawText ?? "").Trim('/');

    /// <summary>Affonso's API and the webhook endpoint: their errors must be the <c>{"success":false,"error":…}</c> envelope.</summary>
    public bool IsApi => Text.StartsWith("/v1/", StringComparison.Ordinal) || Text == "/v1" || Text.StartsWith("/webhooks/", StringComparison.Ordinal);

    public bool IsWebhook => Text.StartsWith("/webhooks/", StringComparison.Ordinal);

    public bool IsConsole => Text.StartsWith("/console", StringComparison.Ordinal);

    public IReadOnlyList<string> Parameters => Pattern.Parameters.Select(p => p.Name).ToList();

    /// <summary>The path with each parameter replaced by <paramref name="value"/>(its name, whether it is a catch-all), already escaped.</summary>
    public string Build(Func<string, bool, string> value)
    {
        var segments = Pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => value(parameter.Name, parameter.IsCatchAll),
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }

    public override string ToString() => $"{string.Join('|', Methods)} {Text}";
}

public static class RouteCatalog
{
    /// <summary>Every route the app maps, read from its <see cref="EndpointDataSource"/>, one entry per pattern.</summary>
    public static IReadOnlyList<Route> From(IServiceProvider services)
    {
        var endpoints = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        return endpoints
            .GroupBy(e => "/" + (e.RoutePattern.RawText ?? "").Trim('/'))
            .Select(g => new Route(g.First().RoutePattern,
                g.SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? Route.AnyMethod)
                    .Where(m => m != "HEAD" && m != "OPTIONS")
                    .Distinct()
                    .Order(StringComparer.Ordinal)
                    .ToList()))
            .Where(r => r.Methods.Count > 0)
            .OrderBy(r => r.Text, StringComparer.Ordinal)
            .ToList();
    }
}
