using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Api.Tests.Production;

/// <summary>Affonso.Bridge.http has a request for every route the app maps under /v1 and /webhooks.</summary>
public sealed class HttpFileTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    [Fact]
    public async Task HttpFileHasARequestForEveryRoute()
    {
        var app = await apps.GetAsync(StoreKind.Sqlite);
        var requests = File.ReadAllLines(Path.Combine(RepoPaths.Root, "Affonso.Bridge.http"))
            .Select(line => Regex.Match(line, @"^(GET|POST|PUT|PATCH|DELETE) \{\{base\}\}(/[^?\s]*)"))
            .Where(match => match.Success)
            .Select(match => $"{match.Groups[1].Value} {Shape(match.Groups[2].Value)}")
            .ToHashSet();

        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/v1", StringComparison.Ordinal) || raw.StartsWith("/webhooks", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(method => $"{method} {Shape(e.RoutePattern.RawText!)}"))
            .ToHashSet();

        var missing = routes.Where(route => !requests.Contains(route)).Order().ToList();
        Assert.True(missing.Count == 0, "no request in Affonso.Bridge.http for: " + string.Join(", ", missing));
    }

    /// <summary>Route and request paths compared by shape: each parameter ({id}, {{clickId}}) is one placeholder; the webhook's provider too.</summary>
    private static string Shape(string path)
    {
        var shaped = Regex.Replace(Regex.Replace(path.Trim('/'), @"\{\{[^}]+\}\}|\{[^}]+\}", "{}"), @"^webhooks/[a-z]+/", "webhooks/{}/");
        return "/" + shaped;
    }
}
