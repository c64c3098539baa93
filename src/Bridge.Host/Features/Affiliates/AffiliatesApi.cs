using System.Text.Json.Nodes;
using Bridge.Core.Affiliates;
using Bridge.Core.ApiKeys;
using Bridge.Core.Programs;
using Bridge.Host.Auth;
using Bridge.Host.Features.Programs;

namespace Bridge.Host.Features.Affiliates;

/// <summary>Affiliates CRUD (offset pagination), and per-affiliate commission overrides.</summary>
public static class AffiliatesApi
{
    public static RouteGroupBuilder MapAffiliates(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/affiliates").WithTags("Affiliates");
        group.MapGet("/", List).RequireScope(ApiKeyScopes.ReadAffiliates);
        group.MapGet("/{id}", Get).RequireScope(ApiKeyScopes.ReadAffiliates);
        group.MapPost("/", Create).RequireScope(ApiKeyScopes.WriteAffiliates);
        group.MapPut("/{id}", Update).RequireScope(ApiKeyScopes.WriteAffiliates);
        group.MapDelete("/{id}", async Task<Results<Ok<MessageEnvelope>, JsonHttpResult<ErrorEnvelope>>> (string id, ClaimsPrincipal user, AffiliateStore affiliates, CancellationToken ct) =>
            await affiliates.DeleteAsync(user.TeamId(), id, ct)
                ? TypedResults.Ok(new MessageEnvelope("Affiliate deleted successfully"))
                : ApiErrors.NotFound("Affiliate")).RequireScope(ApiKeyScopes.DeleteAffiliates);
        group.MapPut("/{id}/commission-overrides", ReplaceOverrides).RequireScope(ApiKeyScopes.WriteAffiliates)
            .WithSummary("Replace the affiliate's commission overrides (an empty list removes them).");
        return group;
    }

    private static async Task<Results<Ok<PageEnvelope<AffiliateResponse>>, JsonHttpResult<ErrorEnvelope>>> List(
        HttpRequest request, ClaimsPrincipal user, AffiliateStore affiliates, IncentiveStore incentives, CancellationToken ct)
    {
        var q = request.Query;
        var checks = new Checks();
        var page = checks.Int("page", q["page"], 1, 1, 1_000_000);
        var limit = checks.Int("limit", q["limit"], 10, 1, 100);
        var filter = new AffiliateFilter(
            Status: Blank(q["status"] + "" is { Length: > 0 } s ? s : q["partnership_status"]),
            GroupId: Blank(q["group_id"] + "" is { Length: > 0 } g ? g : q["groupId"]),
            Search: Blank(q["search"]),
            DateFrom: checks.Instant("dateFrom", q["dateFrom"]),
            DateTo: checks.Instant("dateTo", q["dateTo"]));
        checks.That(filter.Status is null || PartnershipStatus.IsValid(filter.Status), "status", "status must be one of pending, approved, rejected");
        if (checks.Failed)
            return checks.Result;
        var (items, total) = await affiliates.ListAsync(user.TeamId(), filter, page, limit, ct);
        var responses = new List<AffiliateResponse>();
        foreach (var affiliate in items)
            responses.Add(await DescribeAsync(affiliate, request, incentives, ct));
        return TypedResults.Ok(new PageEnvelope<AffiliateResponse>(responses, Pagination.Of(page, limit, total)));
    }

    private static async Task<Results<Ok<Envelope<AffiliateResponse>>, JsonHttpResult<ErrorEnvelope>>> Get(
        string id, HttpRequest request, ClaimsPrincipal user, AffiliateStore affiliates, IncentiveStore incentives, CancellationToken ct)
    {
        var affiliate = await affiliates.GetAsync(user.TeamId(), id, ct);
        if (affiliate is null)
            return ApiErrors.NotFound("Affiliate");
        return TypedResults.Ok(new Envelope<AffiliateResponse>(await DescribeAsync(affiliate, request, incentives, ct)));
    }

    /// <summary>The affiliate, with its overrides when asked for (<c>expand=commissionOverrides</c>, comma-separated or repeated).</summary>
    private static async Task<AffiliateResponse> DescribeAsync(Affiliate affiliate, HttpRequest request, IncentiveStore incentives, CancellationToken ct)
    {
        IReadOnlyList<CommissionOverrideResponse>? overrides = null;
        if (request.Query["expand"].SelectMany(v => (v ?? "").Split(',')).Any(v => v.Trim() == "commissionOverrides"))
            overrides = (await incentives.OverridesAsync(affiliate.TeamId, affiliate.Id, ct)).Select(CommissionOverrideResponse.From).ToList();
        return AffiliateResponse.From(affiliate) with { CommissionOverrides = overrides };
    }

    private static async Task<Results<Created<Envelope<AffiliateResponse>>, JsonHttpResult<ErrorEnvelope>>> Create(
        AffiliateRequest body, ClaimsPrincipal user, AffiliateStore affiliates, ProgramStore programs, CancellationToken ct)
    {
        var (metadata, metadataError) = JsonText.FromObject(body.Metadata, "metadata");
        var checks = Validate(body, metadataError).Required("name", body.Name).Required("email", body.Email).Required("program_id", body.ProgramId);
        if (checks.Failed)
            return checks.Result;
        var teamId = user.TeamId();
        var program = await programs.GetForTeamAsync(teamId, ct);
        if (program is null || program.Id != body.ProgramId)
            return ApiErrors.NotFound("Program");
        var (outcome, created) = await affiliates.CreateAsync(new Affiliate
        {
            TeamId = teamId,
            ProgramId = program.Id,
            GroupId = body.GroupId,
            Name = body.Name!.Trim(),
            Email = body.Email!.Trim(),
            TrackingId = body.TrackingId?.Trim() ?? "",
            Source = body.Source ?? "direct",
            PartnershipStatus = body.NewStatus ?? PartnershipStatus.Approved,
            OnboardingCompleted = body.OnboardingCompleted ?? false,
            ExternalUserId = body.ExternalUserId,
            MetadataJson = metadata,
        }, ct);
        return outcome == AffiliateWriteOutcome.Saved
            ? TypedResults.Created($"/v1/affiliates/{created!.Id}", new Envelope<AffiliateResponse>(AffiliateResponse.From(created)))
            : WriteError(outcome);
    }

    private static async Task<Results<Ok<Envelope<AffiliateResponse>>, JsonHttpResult<ErrorEnvelope>>> Update(
        string id, JsonObject json, ClaimsPrincipal user, AffiliateStore affiliates, CancellationToken ct)
    {
        if (!JsonText.TryRead<AffiliateRequest>(json, out var body, out var error))
            return error;
        var cleared = JsonText.Nulls(json);
        var (metadata, metadataError) = JsonText.FromObject(body.Metadata, "metadata");
        var checks = Validate(body, metadataError);
        foreach (var field in cleared.Intersect(["name", "email", "tracking_id", "status", "partnership_status", "onboarding_completed", "source"]))
            checks.That(false, field, $"{field} cannot be null");
        if (checks.Failed)
            return checks.Result;
        var current = await affiliates.GetAsync(user.TeamId(), id, ct);
        if (current is null)
            return ApiErrors.NotFound("Affiliate");
        var (outcome, updated) = await affiliates.UpdateAsync(new Affiliate
        {
            Id = current.Id,
            TeamId = current.TeamId,
            ProgramId = current.ProgramId,
            GroupId = cleared.Contains("group_id") ? null : body.GroupId ?? current.GroupId,
            Name = body.Name?.Trim() ?? current.Name,
            Email = body.Email?.Trim() ?? current.Email,
            TrackingId = body.TrackingId?.Trim() ?? current.TrackingId,
            Source = body.Source ?? current.Source,
            PartnershipStatus = body.NewStatus ?? current.PartnershipStatus,
            OnboardingCompleted = body.OnboardingCompleted ?? current.OnboardingCompleted,
            ExternalUserId = cleared.Contains("external_user_id") ? null : body.ExternalUserId ?? current.ExternalUserId,
            MetadataJson = cleared.Contains("metadata") ? null : metadata ?? current.MetadataJson,
            CreatedAt = current.CreatedAt,
        }, ct);
        return outcome == AffiliateWriteOutcome.Saved
            ? TypedResults.Ok(new Envelope<AffiliateResponse>(AffiliateResponse.From(updated!)))
            : WriteError(outcome);
    }

    private static async Task<Results<Ok<Envelope<IReadOnlyList<IncentiveResponse>>>, JsonHttpResult<ErrorEnvelope>>> ReplaceOverrides(
        string id, List<IncentiveRequest> body, ClaimsPrincipal user, AffiliateStore affiliates, IncentiveStore incentives, CancellationToken ct)
    {
        var teamId = user.TeamId();
        if (await affiliates.GetAsync(teamId, id, ct) is null)
            return ApiErrors.NotFound("Affiliate");
        var checks = new Checks();
        var drafts = body.Select((incentive, i) => incentive.ToIncentive(checks, $"[{i}]")).ToList();
        if (checks.Failed)
            return checks.Result;
        await incentives.ReplaceOverridesAsync(teamId, id, drafts!, ct);
        var saved = await incentives.OverridesAsync(teamId, id, ct);
        return TypedResults.Ok(new Envelope<IReadOnlyList<IncentiveResponse>>(saved.Select(IncentiveResponse.From).ToList()));
    }

    private static Checks Validate(AffiliateRequest body, string? metadataError) => new Checks()
        .Email("email", body.Email?.Trim())
        .MaxLength("name", body.Name, 255)
        .MaxLength("tracking_id", body.TrackingId, 64)
        .That(body.TrackingId is null || body.TrackingId.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), "tracking_id", "tracking_id may contain letters, digits, '-' and '_' only")
        .That(body.PartnershipStatus is null || PartnershipStatus.IsValid(body.PartnershipStatus), "partnership_status", "partnership_status must be one of pending, approved, rejected")
        .That(body.Status is null || PartnershipStatus.IsValid(body.Status), "status", "status must be one of pending, approved, rejected")
        .That(metadataError is null, "metadata", metadataError ?? "");

    private static JsonHttpResult<ErrorEnvelope> WriteError(AffiliateWriteOutcome outcome) => outcome switch
    {
        AffiliateWriteOutcome.DuplicateTrackingId => ApiErrors.Duplicate("tracking_id", "Another affiliate of the program has this tracking_id."),
        AffiliateWriteOutcome.DuplicateEmail => ApiErrors.Duplicate("email", "Another affiliate of the program has this email."),
        AffiliateWriteOutcome.UnknownGroup => ApiErrors.NotFound("Group"),
        _ => ApiErrors.NotFound("Affiliate"),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
