using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Bridge.Host.OpenApi;

/// <summary>Title and description, the Bearer (API key) scheme, tag descriptions, and paths without a trailing slash.</summary>
public sealed class BridgeDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "Bearer";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Clicks"] = "Record visits from affiliate links; a click's id is the referral id for the affonso_referral cookie.",
        ["Signups"] = "Turn a click into a lead.",
        ["Referrals"] = "The people affiliates referred (cursor pagination).",
        ["Affiliates"] = "The program's affiliates and their commission overrides (offset pagination).",
        ["Program"] = "Program settings, tracking, fraud rules, payment terms and affiliate groups.",
        ["Conversions"] = "Server-side conversions, refunds and events for merchants on other providers.",
        ["Commissions"] = "Commissions and their ledger.",
        ["Connections"] = "Payment-provider connections: webhook URL and signing secrets.",
        ["Inbound events"] = "The inbox of verified provider webhooks: inspect and re-drive.",
        ["Webhooks"] = "Signed provider webhooks (Stripe, Polar, Paddle, Dodo Payments, Creem). No API key: the signature is the credential.",
        ["Health"] = "Liveness and readiness probes.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Affonso Bridge API",
            Version = "v1",
            Description = """
                Affonso's public merchant API (same paths, field names, envelopes and error codes) plus the bridge's
                provider connections, inbound webhook inbox and commission ledger. Authenticate with
                `Authorization: Bearer sk_live_…`; every `/v1` response carries `X-RateLimit-Limit/Remaining/Reset`.
                Errors use `{"success": false, "error": {"code", "message", "field?", "details?"}}`.
                """,
        };

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "sk_live_…",
            Description = "An API key (`sk_live_…`), created with `keys create` or `seed-demo`. Each endpoint needs one scope.",
        };

        var paths = new OpenApiPaths();
        foreach (var (path, item) in document.Paths)
            paths[path.Length > 1 ? path.TrimEnd('/') : path] = item;
        document.Paths = paths;

        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var tag in document.Tags)
        {
            if (tag.Name is not null && TagDescriptions.TryGetValue(tag.Name, out var description))
                tag.Description = description;
        }
        return Task.CompletedTask;
    }
}
