using System.Text.Json.Nodes;
using Bridge.Core.Programs;
using Bridge.Host.Features.Programs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Bridge.Host.OpenApi;

/// <summary>
/// Completes each operation from what the endpoint metadata cannot say: the Bearer requirement on key-protected
/// endpoints, the error responses of the status-code policy (the handlers' <c>JsonHttpResult&lt;ErrorEnvelope&gt;</c>
/// carries no status), the query parameters list endpoints read from the request, the typed bodies of the PATCH
/// endpoints that merge raw JSON, the webhook endpoint's raw body and signature headers, and examples.
/// </summary>
public sealed class BridgeOperationTransformer : IOpenApiOperationTransformer
{
    private const string ErrorSchema = "ErrorEnvelope";

    private static readonly Dictionary<int, string> ErrorDescriptions = new()
    {
        [400] = "VALIDATION_ERROR: malformed JSON or an invalid field (`field`, `details[]`)",
        [401] = "MISSING_API_KEY, INVALID_API_KEY_FORMAT, INVALID_API_KEY, API_KEY_DISABLED or API_KEY_EXPIRED",
        [403] = "INSUFFICIENT_PERMISSIONS: the key lacks this endpoint's scope",
        [404] = "NOT_FOUND (also for another team's ids)",
        [409] = "DUPLICATE_ERROR or CONFLICT",
        [413] = "PAYLOAD_TOO_LARGE: the body is over Api:MaxBodyBytes; nothing was stored",
        [429] = "RATE_LIMIT_EXCEEDED: see Retry-After and error.retryAfter",
        [503] = "SERVICE_UNAVAILABLE: the database is unreachable; nothing was stored (Retry-After)",
    };

    private static readonly HashSet<string> Conflicts = ["POST /v1/affiliates", "PUT /v1/affiliates/{id}", "POST /v1/referrals", "POST /v1/inbound-events/{id}/redrive", "DELETE /v1/program/groups/{id}"];

    private static readonly Dictionary<string, Type> MergedBodies = new()
    {
        ["PATCH /v1/program"] = typeof(ProgramPatch),
        ["PATCH /v1/program/tracking"] = typeof(TrackingSettings),
        ["PATCH /v1/program/fraud-rules"] = typeof(FraudRules),
        ["PATCH /v1/program/payment-terms"] = typeof(PaymentTermsPatch),
    };

    private static readonly (string Name, string Description)[] Cursor =
    [
        ("limit", "1–100 (default 10)"), ("starting_after", "cursor: id of the last item of the previous page"), ("ending_before", "cursor: id of the first item of the next page"),
    ];

    private static readonly Dictionary<string, (string Name, string Description)[]> QueryParameters = new()
    {
        ["GET /v1/referrals"] =
        [
            .. Cursor, ("order", "asc | desc (default desc)"), ("affiliate_id", "filter"), ("status", "lead, trialing, customer, active, canceled, rejected"),
            ("external_user_id", "filter"), ("email", "filter"), ("created_gte", "ISO 8601 instant"), ("created_lte", "ISO 8601 instant"), ("expand", "affiliate"),
        ],
        ["GET /v1/referrals/{id}"] = [("expand", "affiliate"), ("include", "stats")],
        ["GET /v1/affiliates"] =
        [
            ("page", "1-based page (default 1)"), ("limit", "1–100 (default 10)"), ("status", "pending, approved, rejected (alias partnership_status)"),
            ("group_id", "filter"), ("search", "name, e-mail or tracking id"), ("dateFrom", "ISO 8601 instant"), ("dateTo", "ISO 8601 instant"), ("expand", "commissionOverrides"),
        ],
        ["GET /v1/affiliates/{id}"] = [("expand", "commissionOverrides")],
        ["GET /v1/commissions"] =
        [
            ("page", "1-based page (default 1)"), ("limit", "1–100 (default 10)"), ("status", "commission status filter"), ("sales_status", "complete, partial_refunded, refunded, …"),
            ("referral_id", "filter"), ("affiliate_id", "filter"), ("dateFrom", "ISO 8601 instant"), ("dateTo", "ISO 8601 instant"),
            ("sort", "created_at | -created_at (default) | …"), ("expand", "affiliate, affiliate_program, referral (comma-separated)"),
        ],
        ["GET /v1/commissions/{id}"] = [("expand", "affiliate, affiliate_program, referral (comma-separated)")],
        ["GET /v1/inbound-events"] =
        [
            ("limit", "1–100 (default 20)"), ("starting_after", "cursor: id of the last item of the previous page"), ("provider", "stripe, polar, paddle, dodo, creem"),
            ("status", "pending, processing, processed, ignored, parked, failed"), ("type", "provider event type"), ("search", "provider event id, inbound event id, or text in the reason"),
        ],
        ["GET /v1/webhooks/deliveries"] = [("limit", "1–100 (default 20)"), ("status", "pending, delivered, failed"), ("starting_after", "cursor: id of the last item of the previous page")],
    };

    private static readonly (string Name, string Description)[] SignatureHeaders =
    [
        ("Stripe-Signature", "Stripe: t=<unix>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">"),
        ("Paddle-Signature", "Paddle: ts=<unix>;h1=<hex HMAC-SHA256 of \"<ts>:<body>\">"),
        ("webhook-id", "Standard Webhooks (Polar, Dodo Payments): message id"),
        ("webhook-timestamp", "Standard Webhooks: unix seconds"),
        ("webhook-signature", "Standard Webhooks: v1,<base64 HMAC-SHA256 of \"<id>.<timestamp>.<body>\">"),
        ("creem-signature", "Creem: hex HMAC-SHA256 of the body"),
    ];

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var method = description.HttpMethod?.ToUpperInvariant() ?? "GET";
        var path = "/" + (description.RelativePath ?? "").Split('?')[0].TrimEnd('/');
        var key = $"{method} {path}";
        var document = context.Document;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var secured = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var webhook = path.StartsWith("/webhooks/", StringComparison.Ordinal);
        var hasBody = method is "POST" or "PUT" or "PATCH";

        if (secured && document is not null)
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BridgeDocumentTransformer.BearerScheme, document)] = [] });
        }

        if (QueryParameters.TryGetValue(key, out var query))
        {
            operation.Parameters ??= [];
            foreach (var (name, text) in query)
                operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Description = text, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
        }

        if (MergedBodies.TryGetValue(key, out var bodyType))
        {
            var schema = await context.GetOrCreateSchemaAsync(bodyType, null, cancellationToken);
            schema.Required?.Clear(); // a merge: every field is optional
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "Only the fields sent change; null clears a nullable field. Unknown fields are refused.",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        }

        if (webhook)
            DescribeWebhook(operation);

        if (OpenApiExamples.ByOperation.TryGetValue(key, out var example))
            AddExamples(operation, example);

        if (document is null || !(secured || webhook))
            return;
        var statuses = new SortedSet<int> { 503 };
        if (secured)
            statuses.UnionWith([401, 403, 429]);
        if (hasBody || webhook || query is not null || operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true)
            statuses.Add(400);
        if (hasBody || webhook)
            statuses.Add(413);
        if (path.Contains('{', StringComparison.Ordinal) || path.StartsWith("/v1/program", StringComparison.Ordinal) || (method == "POST" && !path.EndsWith("/redrive", StringComparison.Ordinal)))
            statuses.Add(404);
        if (Conflicts.Contains(key))
            statuses.Add(409);
        await AddErrorsAsync(operation, context, document, statuses, webhook, cancellationToken);
    }

    private static async Task AddErrorsAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, OpenApiDocument document, IEnumerable<int> statuses,
        bool webhook, CancellationToken ct)
    {
        if (document.Components?.Schemas?.ContainsKey(ErrorSchema) != true)
            document.AddComponent(ErrorSchema, await context.GetOrCreateSchemaAsync(typeof(ErrorEnvelope), null, ct));
        operation.Responses ??= new OpenApiResponses();
        foreach (var status in statuses)
        {
            var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(code))
                continue;
            operation.Responses[code] = new OpenApiResponse
            {
                Description = webhook && status == 400 ? "INVALID_SIGNATURE: missing, forged or stale signature (reason in the message); nothing stored" : ErrorDescriptions[status],
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchemaReference(ErrorSchema, document), Example = OpenApiExamples.Error(status, webhook) },
                },
            };
        }
    }

    private static void DescribeWebhook(OpenApiOperation operation)
    {
        operation.Description = """
            The provider's raw delivery. The body is read as bytes and the signature is verified over exactly those bytes with the
            connection's secret(s); then the event is stored in the inbox (unique per connection and provider event id) and only
            then acknowledged. A repeat delivery answers 200 with `duplicate: true`. Processing happens afterwards in the inbox worker.
            Send the provider's own signature headers (which ones depends on the provider).
            """;
        operation.Parameters ??= [];
        foreach (var (name, text) in SignatureHeaders)
            operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Header, Description = text, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The provider's event JSON, unchanged (never re-serialized before verification).",
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } } },
        };
    }

    private static void AddExamples(OpenApiOperation operation, OpenApiExamples.Example example)
    {
        if (example.Request is not null && operation.RequestBody?.Content is { } requestContent)
        {
            foreach (var media in requestContent.Values)
                media.Example = example.Request.DeepClone();
        }
        if (example.Response is not null && operation.Responses?.TryGetValue(example.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true && response.Content is { } responseContent)
        {
            foreach (var media in responseContent.Values)
                media.Example = example.Response.DeepClone();
        }
    }
}
