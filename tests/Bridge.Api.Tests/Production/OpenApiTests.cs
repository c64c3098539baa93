using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Api.Tests.Production;

/// <summary>The OpenAPI document covers every endpoint the app maps, with auth, errors and examples; /docs serves Scalar.</summary>
public sealed class OpenApiTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task DocumentListsEveryApiAndWebhookRoute()
    {
        var app = await apps.GetAsync(StoreKind.Sqlite);
        var document = await DocumentAsync(app);
        var paths = document["paths"]!.AsObject();

        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/v1", StringComparison.Ordinal) || raw.StartsWith("/webhooks", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: Normalize(e.RoutePattern.RawText!), Method: m.ToLowerInvariant())))
            .Distinct()
            .ToList();
        Assert.True(mapped.Count > 40, $"only {mapped.Count} routes found");

        var missing = mapped.Where(r => paths[r.Path]?[r.Method] is null).Select(r => $"{r.Method.ToUpperInvariant()} {r.Path}").ToList();
        Assert.True(missing.Count == 0, "not in the OpenAPI document: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task KeyProtectedOperationsRequireBearerAndDocumentTheirErrors()
    {
        var app = await apps.GetAsync(StoreKind.Sqlite);
        var document = await DocumentAsync(app);
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>());
        Assert.NotNull(document["components"]!["schemas"]!["ErrorEnvelope"]);

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var method in Methods)
            {
                if (item![method] is not JsonObject operation)
                    continue;
                var responses = operation["responses"]!.AsObject();
                if (path.StartsWith("/v1", StringComparison.Ordinal))
                {
                    Assert.True(operation["security"]?.AsArray().Any(r => r!["Bearer"] is not null) == true, $"{method} {path} has no Bearer requirement");
                    Assert.True(responses["401"] is not null && responses["403"] is not null && responses["429"] is not null, $"{method} {path} lacks 401/403/429");
                    Assert.EndsWith("/ErrorEnvelope", responses["401"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
                }
                if (path.StartsWith("/webhooks", StringComparison.Ordinal))
                {
                    Assert.Null(operation["security"]);
                    Assert.Equal("INVALID_SIGNATURE", responses["400"]!["content"]!["application/json"]!["example"]!["error"]!["code"]!.GetValue<string>());
                }
            }
        }
    }

    [Theory]
    [InlineData("post", "/v1/clicks", "201")]
    [InlineData("post", "/v1/signups", "201")]
    [InlineData("post", "/v1/referrals", "201")]
    [InlineData("post", "/v1/conversions", "201")]
    [InlineData("post", "/v1/events", "200")]
    [InlineData("post", "/v1/connections", "201")]
    [InlineData("post", "/webhooks/{provider}/{connectionId}", "200")]
    public async Task MainBodiesHaveRequestAndResponseExamples(string method, string path, string status)
    {
        var app = await apps.GetAsync(StoreKind.Sqlite);
        var operation = (await DocumentAsync(app))["paths"]![path]![method]!;
        Assert.NotNull(operation["requestBody"]!["content"]!["application/json"]!["example"]);
        Assert.NotNull(operation["responses"]![status]!["content"]!["application/json"]!["example"]);
    }

    [Fact]
    public async Task ClickExampleUsesTheClickBodysCamelCaseNames()
    {
        var app = await apps.GetAsync(StoreKind.Sqlite);
        var example = (await DocumentAsync(app))["paths"]!["/v1/clicks"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]!;
        Assert.Equal("partner123", example["trackingId"]!.GetValue<string>());
        Assert.Null(example["sub2"]);
    }

    [Fact]
    public async Task DocsPageIsServedAnonymously()
    {
        var app = await apps.GetAsync(StoreKind.Sqlite);
        var response = await app.CreateClient().GetAsync("/docs", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"url\":\"openapi/v1.json\"", html); // resolved against the site root by Scalar's loader
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/docs/scalar.js", TestContext.Current.CancellationToken)).StatusCode);
    }

    private static async Task<JsonObject> DocumentAsync(BridgeApplication app)
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>A route template as the document writes it: leading slash, no trailing slash, no constraints.</summary>
    private static string Normalize(string raw)
    {
        var path = "/" + raw.Trim('/');
        return System.Text.RegularExpressions.Regex.Replace(path, @"\{([^}:=?]+)[^}]*\}", "{$1}");
    }
}
