using Bridge.Core.ApiKeys;
using Bridge.Core.Connections;
using Bridge.Host.Auth;
using Bridge.Host.Features.Webhooks;
using Bridge.Providers;

namespace Bridge.Host.Features.Connections;

/// <summary>A connection as shown: never its secrets, only how many are set.</summary>
public sealed record ConnectionResponse(string Id, string Provider, string Name, string Mode, int ToleranceSeconds, int SecretCount, string WebhookUrl,
    bool Capture, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record ConnectionRequest(string? Provider, string? Name, string? Secret, string? SecondarySecret, string? Mode, int? ToleranceSeconds, string? CaptureDir, bool? CaptureMask);

/// <summary>Provider connections: where a provider's webhooks go (<c>webhook_url</c>) and the secrets that verify them.</summary>
public static class ConnectionsApi
{
    public static RouteGroupBuilder MapConnections(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/connections").WithTags("Connections");
        group.MapGet("/", async Task<Ok<Envelope<IReadOnlyList<ConnectionResponse>>>> (HttpRequest request, ClaimsPrincipal user, ConnectionStore connections, WebhookUrls urls, WebhookLimits limits, CancellationToken ct) =>
            TypedResults.Ok(new Envelope<IReadOnlyList<ConnectionResponse>>((await connections.ListAsync(user.TeamId(), ct)).Select(c => Describe(c, urls.For(c, request), limits)).ToList())))
            .RequireScope(ApiKeyScopes.ReadConnections);
        group.MapGet("/{id}", async Task<Results<Ok<Envelope<ConnectionResponse>>, JsonHttpResult<ErrorEnvelope>>> (string id, HttpRequest request, ClaimsPrincipal user, ConnectionStore connections, WebhookUrls urls, WebhookLimits limits, CancellationToken ct) =>
            await connections.GetAsync(user.TeamId(), id, ct) is { } found
                ? TypedResults.Ok(new Envelope<ConnectionResponse>(Describe(found, urls.For(found, request), limits)))
                : ApiErrors.NotFound("Connection")).RequireScope(ApiKeyScopes.ReadConnections);
        group.MapPost("/", Create).RequireScope(ApiKeyScopes.WriteConnections);
        group.MapPatch("/{id}", Update).RequireScope(ApiKeyScopes.WriteConnections)
            .WithSummary("Rotate secrets (secondary_secret keeps the old one valid), switch mode, tolerance or capture.");
        group.MapDelete("/{id}", async Task<Results<Ok<MessageEnvelope>, JsonHttpResult<ErrorEnvelope>>> (string id, ClaimsPrincipal user, ConnectionStore connections, ConnectionCache cache, CancellationToken ct) =>
            await connections.DisableAsync(user.TeamId(), id, ct) && Forget(cache, id)
                ? TypedResults.Ok(new MessageEnvelope("Connection disabled; its webhook URL now answers 404"))
                : ApiErrors.NotFound("Connection")).RequireScope(ApiKeyScopes.WriteConnections);
        group.MapGet("/rejections", (ClaimsPrincipal user, RejectedWebhooks rejections) =>
            TypedResults.Ok(new Envelope<IReadOnlyList<RejectedWebhook>>(rejections.ForTeam(user.TeamId()))))
            .RequireScope(ApiKeyScopes.ReadConnections).WithSummary("The last refused webhook requests of the team's connections (reasons only).");
        return group;
    }

    private static async Task<Results<Created<Envelope<ConnectionResponse>>, JsonHttpResult<ErrorEnvelope>>> Create(
        ConnectionRequest body, HttpRequest request, ClaimsPrincipal user, ConnectionStore connections, WebhookUrls urls, WebhookLimits limits, CancellationToken ct)
    {
        var provider = body.Provider is null ? null : ProviderCatalog.Find(body.Provider);
        var checks = new Checks()
            .Required("provider", body.Provider)
            .That(body.Provider is null || provider is not null, "provider", $"provider must be one of {string.Join(", ", ProviderCatalog.All.Select(p => p.Name))}")
            .Required("secret", body.Secret);
        CheckSecrets(checks, provider, body);
        if (checks.Failed)
            return checks.Result;
        var created = await connections.CreateAsync(user.TeamId(), provider!.Name, body.Name ?? provider.Name, body.Secret!.Trim(), body.SecondarySecret?.Trim(),
            body.Mode ?? ConnectionMode.Live, body.ToleranceSeconds, body.CaptureDir, body.CaptureMask ?? false, ct);
        return TypedResults.Created($"/v1/connections/{created.Id}", new Envelope<ConnectionResponse>(Describe(created, urls.For(created, request), limits)));
    }

    private static async Task<Results<Ok<Envelope<ConnectionResponse>>, JsonHttpResult<ErrorEnvelope>>> Update(
        string id, ConnectionRequest body, HttpRequest request, ClaimsPrincipal user, ConnectionStore connections, ConnectionCache cache, WebhookUrls urls, WebhookLimits limits, CancellationToken ct)
    {
        var current = await connections.GetAsync(user.TeamId(), id, ct);
        if (current is null)
            return ApiErrors.NotFound("Connection");
        var checks = new Checks().That(body.Provider is null || body.Provider == current.Provider, "provider", "a connection's provider cannot change");
        CheckSecrets(checks, ProviderCatalog.Find(current.Provider), body);
        if (checks.Failed)
            return checks.Result;
        var updated = new ProviderConnection
        {
            Id = current.Id,
            TeamId = current.TeamId,
            Provider = current.Provider,
            Name = body.Name ?? current.Name,
            SecretPrimary = body.Secret?.Trim() ?? current.SecretPrimary,
            SecretSecondary = body.SecondarySecret is null ? current.SecretSecondary : body.SecondarySecret.Length == 0 ? null : body.SecondarySecret.Trim(),
            Mode = body.Mode ?? current.Mode,
            ToleranceSeconds = body.ToleranceSeconds ?? current.ToleranceSeconds,
            CaptureDir = body.CaptureDir is null ? current.CaptureDir : body.CaptureDir.Length == 0 ? null : body.CaptureDir,
            CaptureMask = body.CaptureMask ?? current.CaptureMask,
            CreatedAt = current.CreatedAt,
            UpdatedAt = current.UpdatedAt,
        };
        await connections.UpdateAsync(updated, ct);
        cache.Forget(id);
        var saved = await connections.GetAsync(user.TeamId(), id, ct);
        return TypedResults.Ok(new Envelope<ConnectionResponse>(Describe(saved!, urls.For(saved!, request), limits)));
    }

    private static bool Forget(ConnectionCache cache, string id)
    {
        cache.Forget(id);
        return true;
    }

    /// <summary>Secrets are checked once, when they are set: a wrong format would fail every delivery later.</summary>
    private static void CheckSecrets(Checks checks, Bridge.Providers.Contract.IPaymentProvider? provider, ConnectionRequest body)
    {
        checks.OneOf("mode", body.Mode, ConnectionMode.Live, ConnectionMode.Test)
            .That(body.ToleranceSeconds is null or >= 1 and <= 86_400, "tolerance_seconds", "tolerance_seconds must be between 1 and 86400");
        if (provider is null)
            return;
        foreach (var (field, secret) in new[] { ("secret", body.Secret), ("secondary_secret", body.SecondarySecret) })
        {
            if (!string.IsNullOrEmpty(secret) && provider.CheckSecret(secret.Trim()) is { } problem)
                checks.That(false, field, $"{field}: {problem}");
        }
    }

    private static ConnectionResponse Describe(ProviderConnection c, string url, WebhookLimits limits) => new(
        c.Id, c.Provider, c.Name, c.Mode, c.ToleranceSeconds ?? limits.DefaultToleranceSeconds(ProviderCatalog.Find(c.Provider)!),
        c.Secrets.Count, url, c.CaptureDir is not null, c.CreatedAt, c.UpdatedAt);
}

/// <summary>The URL a merchant pastes into the provider's dashboard: <c>Bridge:PublicUrl</c> when set, else the request's own host.</summary>
public sealed class WebhookUrls(IConfiguration configuration)
{
    private readonly string? _publicUrl = configuration["Bridge:PublicUrl"]?.TrimEnd('/');

    public string For(ProviderConnection connection, HttpRequest? request) =>
        $"{_publicUrl ?? (request is null ? "http://localhost:5080" : $"{request.Scheme}://{request.Host}")}/webhooks/{connection.Provider}/{connection.Id}";
}
