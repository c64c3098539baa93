using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Bridge.Host.OpenApi;

/// <summary>
/// Request bodies (<c>*Request</c>, <c>*Patch</c> types) are records whose every parameter the generator would mark
/// <c>required</c>; which fields are required depends on the endpoint (POST vs PUT/PATCH) and is checked by the handler,
/// which answers 400 VALIDATION_ERROR naming the field. So the schema lists none as required.
/// </summary>
public sealed class RequestSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var name = context.JsonTypeInfo.Type.Name;
        if (context.JsonPropertyInfo is null && (name.EndsWith("Request", StringComparison.Ordinal) || name.EndsWith("Patch", StringComparison.Ordinal)))
            schema.Required?.Clear();
        return Task.CompletedTask;
    }
}
