using Bridge.Core.ApiKeys;
using Bridge.Core.Outbound;
using Bridge.Host.Auth;

namespace Bridge.Host.Features.Outbound;

public sealed record EndpointRequest(string? Url, IReadOnlyList<string>? Events, string? Description, bool? Enabled);

/// <summary>An endpoint as shown; <c>secret</c> only in the answer to its creation.</summary>
public sealed record EndpointResponse(string Id, string Url, IReadOnlyList<string> Events, string? Description, bool Enabled, string? DisabledReason,
    int ConsecutiveFailures, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }

    public static EndpointResponse From(OutboundEndpoint e) => new(e.Id, e.Url, e.EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries), e.Description,
        e.Enabled, e.DisabledReason, e.ConsecutiveFailures, e.CreatedAt, e.UpdatedAt);
}

public sealed record DeliveryResponse(string Id, string EndpointId, string EventId, string EventType, string Status, int Attempts, DateTimeOffset? NextAttemptAt,
    int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt)
{
    public static DeliveryResponse From(OutboundDelivery d) => new(d.Id, d.EndpointId, d.EventId, d.EventType, d.Status, d.Attempts,
        d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.LastStatusCode, d.LastError, d.CreatedAt, d.DeliveredAt);
}

public sealed record AttemptResponse(int Attempt, DateTimeOffset AttemptedAt, int? StatusCode, int LatencyMs, string? ResponseSnippet, string? Error);

public sealed record DeliveryDetail(DeliveryResponse Delivery, JsonElement Payload, IReadOnlyList<AttemptResponse> AttemptLog);

public sealed record ResendResponse(int Resent);

/// <summary>Outbound webhook endpoints (as Affonso sends them) and their deliveries: list, inspect, resend.</summary>
public static class OutboundApi
{
    public static RouteGroupBuilder MapOutboundApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/webhooks").WithTags("Outbound webhooks");
        group.MapPost("/endpoints", Create).RequireScope(ApiKeyScopes.WriteWebhooks)
            .WithSummary("Register an endpoint; the answer shows its whsec_ signing secret once.");
        group.MapGet("/endpoints", async (ClaimsPrincipal user, OutboundStore store, CancellationToken ct) =>
            TypedResults.Ok(new Envelope<IReadOnlyList<EndpointResponse>>((await store.ListEndpointsAsync(user.TeamId(), ct)).Select(EndpointResponse.From).ToList())))
            .RequireScope(ApiKeyScopes.ReadWebhooks);
        group.MapGet("/endpoints/{id}", async Task<Results<Ok<Envelope<EndpointResponse>>, JsonHttpResult<ErrorEnvelope>>> (string id, ClaimsPrincipal user, OutboundStore store, CancellationToken ct) =>
            await store.GetEndpointAsync(user.TeamId(), id, ct) is { } found ? TypedResults.Ok(new Envelope<EndpointResponse>(EndpointResponse.From(found))) : ApiErrors.NotFound("Endpoint"))
            .RequireScope(ApiKeyScopes.ReadWebhooks);
        group.MapPatch("/endpoints/{id}", Update).RequireScope(ApiKeyScopes.WriteWebhooks);
        group.MapDelete("/endpoints/{id}", async Task<Results<Ok<MessageEnvelope>, JsonHttpResult<ErrorEnvelope>>> (string id, ClaimsPrincipal user, OutboundStore store, CancellationToken ct) =>
            await store.DeleteEndpointAsync(user.TeamId(), id, ct) ? TypedResults.Ok(new MessageEnvelope("Endpoint deleted")) : ApiErrors.NotFound("Endpoint"))
            .RequireScope(ApiKeyScopes.WriteWebhooks);

        group.MapGet("/deliveries", async Task<Results<Ok<CursorEnvelope<DeliveryResponse>>, JsonHttpResult<ErrorEnvelope>>> (HttpRequest request, ClaimsPrincipal user, OutboundStore store, CancellationToken ct) =>
        {
            var checks = new Checks();
            var limit = checks.Int("limit", request.Query["limit"], 20, 1, 100);
            var status = request.Query["status"].ToString() is { Length: > 0 } s ? s : null;
            checks.OneOf("status", status, DeliveryStatus.Pending, DeliveryStatus.Delivered, DeliveryStatus.Failed);
            if (checks.Failed)
                return checks.Result;
            var after = request.Query["starting_after"].ToString() is { Length: > 0 } a ? a : null;
            var items = await store.ListDeliveriesAsync(user.TeamId(), status, limit + 1, after, ct);
            return TypedResults.Ok(new CursorEnvelope<DeliveryResponse>(items.Take(limit).Select(DeliveryResponse.From).ToList(), items.Count > limit));
        }).RequireScope(ApiKeyScopes.ReadWebhooks);
        group.MapGet("/deliveries/{id}", async Task<Results<Ok<Envelope<DeliveryDetail>>, JsonHttpResult<ErrorEnvelope>>> (string id, ClaimsPrincipal user, OutboundStore store, CancellationToken ct) =>
        {
            if (await store.GetDeliveryAsync(user.TeamId(), id, ct) is not { } delivery)
                return ApiErrors.NotFound("Delivery");
            var attempts = await store.AttemptsAsync(id, ct);
            return TypedResults.Ok(new Envelope<DeliveryDetail>(new DeliveryDetail(DeliveryResponse.From(delivery), JsonText.Parse(delivery.Payload)!.Value,
                attempts.Select(a => new AttemptResponse(a.Attempt, a.AttemptedAt, a.StatusCode, a.LatencyMs, a.ResponseSnippet, a.Error)).ToList())));
        }).RequireScope(ApiKeyScopes.ReadWebhooks);
        group.MapPost("/deliveries/{id}/resend", async Task<Results<Ok<Envelope<ResendResponse>>, JsonHttpResult<ErrorEnvelope>>> (string id, ClaimsPrincipal user, OutboundStore store, CancellationToken ct) =>
            await store.ResendAsync(user.TeamId(), id, ct) is var count and > 0 ? TypedResults.Ok(new Envelope<ResendResponse>(new ResendResponse(count))) : ApiErrors.NotFound("Delivery"))
            .RequireScope(ApiKeyScopes.WriteWebhooks);
        group.MapPost("/deliveries/resend", async (ClaimsPrincipal user, OutboundStore store, CancellationToken ct) =>
            TypedResults.Ok(new Envelope<ResendResponse>(new ResendResponse(await store.ResendAsync(user.TeamId(), null, ct)))))
            .RequireScope(ApiKeyScopes.WriteWebhooks).WithSummary("Resend every failed delivery of the team.");
        return group;
    }

    private static async Task<Results<Created<Envelope<EndpointResponse>>, JsonHttpResult<ErrorEnvelope>>> Create(EndpointRequest body, ClaimsPrincipal user, OutboundStore store, CancellationToken ct)
    {
        var checks = Validate(body).Required("url", body.Url).That(body.Events is { Count: > 0 }, "events", "events must list at least one event type");
        if (checks.Failed)
            return checks.Result;
        var created = await store.CreateEndpointAsync(user.TeamId(), body.Url!, body.Events!, body.Description, ct);
        return TypedResults.Created($"/v1/webhooks/endpoints/{created.Id}", new Envelope<EndpointResponse>(EndpointResponse.From(created) with { Secret = created.Secret }));
    }

    private static async Task<Results<Ok<Envelope<EndpointResponse>>, JsonHttpResult<ErrorEnvelope>>> Update(string id, EndpointRequest body, ClaimsPrincipal user, OutboundStore store, CancellationToken ct)
    {
        var checks = Validate(body).That(body.Events is null || body.Events.Count > 0, "events", "events must list at least one event type");
        if (checks.Failed)
            return checks.Result;
        var updated = await store.UpdateEndpointAsync(user.TeamId(), id, body.Url, body.Events, body.Description, body.Enabled, ct);
        return updated is null ? ApiErrors.NotFound("Endpoint") : TypedResults.Ok(new Envelope<EndpointResponse>(EndpointResponse.From(updated)));
    }

    internal static Checks Validate(EndpointRequest body)
    {
        var unknown = OutboundEventTypes.Unknown((body.Events ?? []).OfType<string>());
        return new Checks()
            .That(body.Events is null || body.Events.All(type => !string.IsNullOrWhiteSpace(type)), "events", "events must not contain null or blank entries")
            .That(body.Url is null || (Uri.TryCreate(body.Url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"), "url", "url must be an absolute http(s) URL")
            .That(unknown.Count == 0, "events", $"unknown event types: {string.Join(", ", unknown)} (known: {string.Join(", ", OutboundEventTypes.All)}, or prefix.*)")
            .MaxLength("description", body.Description, 500);
    }
}
