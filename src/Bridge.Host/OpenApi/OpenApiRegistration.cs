using Scalar.AspNetCore;

namespace Bridge.Host.OpenApi;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>, built from the endpoints themselves plus the transformers here) and
/// its browsable reference (<c>/docs</c>, Scalar). Both anonymous.
/// </summary>
public static class OpenApiRegistration
{
    public const string DocumentName = "v1";
    public const string DocumentPattern = "/openapi/{documentName}.json";

    public static IServiceCollection AddBridgeOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer<BridgeDocumentTransformer>();
            options.AddOperationTransformer<BridgeOperationTransformer>();
            options.AddSchemaTransformer<RequestSchemaTransformer>();
        });
        return services;
    }

    public static IEndpointRouteBuilder MapBridgeOpenApi(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(DocumentPattern).AllowAnonymous();
        routes.MapScalarApiReference("/docs", options => options
                .WithTitle("Affonso Bridge API")
                .WithOpenApiRoutePattern(DocumentPattern)
                .AddDocument(DocumentName)
                .AddPreferredSecuritySchemes(BridgeDocumentTransformer.BearerScheme)
                // Self-hosted: nothing calls out to Scalar's services (telemetry, AI agent, MCP, web fonts, deploy toolbar).
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .DisableDefaultFonts()
                .HideDeveloperTools())
            .AllowAnonymous();
        return routes;
    }
}
