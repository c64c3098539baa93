using Bridge.Core.ApiKeys;
using Bridge.Core.Inbox;
using Bridge.Host.Auth;
using Bridge.Host.Processing;

namespace Bridge.Host.Features.InboundEvents;

public record InboundEventSummary(string Id, string Provider, string ConnectionId, string ProviderEventId, string Type, bool? LiveMode,
    string Status, string? Reason, int Attempts, DateTimeOffset ReceivedAt, DateTimeOffset? ProcessedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? ParkedUntil)
{
    public static InboundEventSummary From(InboundEvent e) => new(e.Id, e.Provider, e.ConnectionId, e.ProviderEventId, e.EventType, e.LiveMode,
        e.Status, e.Reason, e.Attempts, e.ReceivedAt, e.ProcessedAt, e.Status is InboundStatus.Pending or InboundStatus.Parked ? e.NextAttemptAt : null, e.ParkedUntil);
}

/// <summary>What an event mapped to: the fields of the normalized payment plus what the engine did with it.</summary>
public sealed record InboundPaymentResponse(string Kind, string? IgnoredReason, long AmountMinor, long? CumulativeRefundedMinor, string Currency,
    string? ProviderPaymentId, string? RefundId, string? CustomerId, string? SubscriptionId, string? ClickId, string? ExternalUserId, string? Email,
    DateTimeOffset? OccurredAt, string? Outcome, string? ReferralId, string? PaymentId, IReadOnlyList<string> CommissionIds)
{
    public static InboundPaymentResponse From(InboundPayment p) => new(p.Kind, p.IgnoredReason, p.AmountMinor, p.CumulativeRefundedMinor, p.Currency,
        p.ProviderPaymentId, p.RefundId, p.CustomerId, p.SubscriptionId, p.ClickId, p.ExternalUserId, p.Email, p.OccurredAt, p.Outcome, p.ReferralId,
        p.PaymentId, p.CommissionIds?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []);
}

public sealed record InboundAttemptResponse(int Attempt, string Worker, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Outcome, string? Reason);

/// <summary>One event with its raw payload, what it mapped to and its attempts.</summary>
public sealed record InboundEventDetail(
    [property: JsonIgnore] InboundEventSummary Summary,
    IReadOnlyList<InboundPaymentResponse> Payments,
    IReadOnlyList<InboundAttemptResponse> AttemptLog,
    JsonElement? Headers,
    string Payload) : InboundEventSummary(Summary)
{
    public string Verification => "verified at receipt (only verified deliveries are stored)";
}

public sealed record RedriveResponse(int Redriven);

/// <summary>The operator's view of the inbox: list, inspect, re-drive.</summary>
public static class InboundEventsApi
{
    public static RouteGroupBuilder MapInboundEvents(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/inbound-events").WithTags("Inbound events");
        group.MapGet("/", List).RequireScope(ApiKeyScopes.ReadEvents);
        group.MapGet("/{id}", Get).RequireScope(ApiKeyScopes.ReadEvents);
        group.MapPost("/{id}/redrive", async Task<Results<Ok<Envelope<RedriveResponse>>, JsonHttpResult<ErrorEnvelope>>> (string id, ClaimsPrincipal user, InboxStore inbox, InboxSignal signal, CancellationToken ct) =>
        {
            var count = await inbox.RedriveAsync(user.TeamId(), id, null, ct);
            if (count == 0)
                return await inbox.GetAsync(user.TeamId(), id, ct) is null ? ApiErrors.NotFound("Inbound event") : ApiErrors.Conflict("The event is being processed right now; try again in a moment.");
            signal.Notify();
            return TypedResults.Ok(new Envelope<RedriveResponse>(new RedriveResponse(count)));
        }).RequireScope(ApiKeyScopes.WriteEvents);
        group.MapPost("/redrive", async Task<Results<Ok<Envelope<RedriveResponse>>, JsonHttpResult<ErrorEnvelope>>> (string? status, ClaimsPrincipal user, InboxStore inbox, InboxSignal signal, CancellationToken ct) =>
        {
            if (status is not (InboundStatus.Failed or InboundStatus.Parked or InboundStatus.Ignored))
                return ApiErrors.Validation("status", "status must be failed, parked or ignored");
            var count = await inbox.RedriveAsync(user.TeamId(), null, status, ct);
            signal.Notify();
            return TypedResults.Ok(new Envelope<RedriveResponse>(new RedriveResponse(count)));
        }).RequireScope(ApiKeyScopes.WriteEvents);
        return group;
    }

    private static async Task<Results<Ok<CursorEnvelope<InboundEventSummary>>, JsonHttpResult<ErrorEnvelope>>> List(HttpRequest request, ClaimsPrincipal user, InboxStore inbox, CancellationToken ct)
    {
        var q = request.Query;
        var checks = new Checks();
        var query = new InboundQuery(checks.Int("limit", q["limit"], 20, 1, 100), Blank(q["starting_after"]), Blank(q["provider"]), Blank(q["status"]), Blank(q["type"]), Blank(q["search"]));
        checks.That(query.Status is null || InboundStatus.All.Contains(query.Status), "status", $"status must be one of {string.Join(", ", InboundStatus.All)}");
        if (checks.Failed)
            return checks.Result;
        var (items, hasMore) = await inbox.ListAsync(user.TeamId(), query, ct);
        return TypedResults.Ok(new CursorEnvelope<InboundEventSummary>(items.Select(InboundEventSummary.From).ToList(), hasMore));
    }

    private static async Task<Results<Ok<Envelope<InboundEventDetail>>, JsonHttpResult<ErrorEnvelope>>> Get(string id, ClaimsPrincipal user, InboxStore inbox, CancellationToken ct)
    {
        var inbound = await inbox.GetAsync(user.TeamId(), id, ct);
        if (inbound is null)
            return ApiErrors.NotFound("Inbound event");
        var payments = await inbox.PaymentsAsync(id, ct);
        var attempts = await inbox.AttemptsAsync(id, ct);
        return TypedResults.Ok(new Envelope<InboundEventDetail>(new InboundEventDetail(
            InboundEventSummary.From(inbound),
            payments.Select(InboundPaymentResponse.From).ToList(),
            attempts.Select(a => new InboundAttemptResponse(a.Attempt, a.Worker, a.StartedAt, a.FinishedAt, a.Outcome, a.Reason)).ToList(),
            JsonText.Parse(inbound.HeadersJson),
            System.Text.Encoding.UTF8.GetString(inbound.Body))));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
