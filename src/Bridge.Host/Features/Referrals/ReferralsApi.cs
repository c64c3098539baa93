using System.Text.Json.Nodes;
using Bridge.Core.Affiliates;
using Bridge.Core.ApiKeys;
using Bridge.Core.Programs;
using Bridge.Core.Referrals;
using Bridge.Host.Auth;
using Bridge.Host.Features.Affiliates;

namespace Bridge.Host.Features.Referrals;

/// <summary>Referrals: cursor-paginated list, fetch (expand=affiliate, include=stats), create, update, delete.</summary>
public static class ReferralsApi
{
    public static RouteGroupBuilder MapReferrals(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/referrals").WithTags("Referrals");
        group.MapGet("/", List).RequireScope(ApiKeyScopes.ReadReferrals);
        group.MapGet("/{id}", Get).RequireScope(ApiKeyScopes.ReadReferrals);
        group.MapPost("/", Create).RequireScope(ApiKeyScopes.WriteReferrals);
        group.MapPut("/{id}", Update).RequireScope(ApiKeyScopes.WriteReferrals);
        group.MapDelete("/{id}", async Task<Results<Ok<MessageEnvelope>, JsonHttpResult<ErrorEnvelope>>> (string id, ClaimsPrincipal user, ReferralStore referrals, CancellationToken ct) =>
            await referrals.DeleteAsync(user.TeamId(), id, ct)
                ? TypedResults.Ok(new MessageEnvelope("Referral deleted successfully"))
                : ApiErrors.NotFound("Referral")).RequireScope(ApiKeyScopes.DeleteReferrals);
        return group;
    }

    private static async Task<Results<Ok<CursorEnvelope<ReferralResponse>>, JsonHttpResult<ErrorEnvelope>>> List(
        HttpRequest request, ClaimsPrincipal user, ReferralStore referrals, AffiliateStore affiliates, CancellationToken ct)
    {
        var q = request.Query;
        var checks = new Checks();
        var query = new ReferralQuery(
            Limit: checks.Int("limit", q["limit"], 10, 1, 100),
            StartingAfter: NullIfEmpty(q["starting_after"]),
            EndingBefore: NullIfEmpty(q["ending_before"]),
            Ascending: q["order"] == "asc",
            AffiliateId: NullIfEmpty(q["affiliate_id"]),
            Status: NullIfEmpty(q["status"]),
            ExternalUserId: NullIfEmpty(q["external_user_id"]),
            Email: NullIfEmpty(q["email"]),
            CreatedGte: checks.Instant("created_gte", q["created_gte"]),
            CreatedLte: checks.Instant("created_lte", q["created_lte"]));
        checks.OneOf("order", NullIfEmpty(q["order"]), "asc", "desc")
            .That(query.Status is null || ReferralStatus.IsWritable(query.Status), "status", "status must be one of lead, trialing, customer, active, canceled, rejected")
            .That(query.StartingAfter is null || query.EndingBefore is null, "starting_after", "use starting_after or ending_before, not both");
        if (checks.Failed)
            return checks.Result;

        var teamId = user.TeamId();
        var (items, hasMore) = await referrals.ListAsync(teamId, query, ct);
        var responses = items.Select(ReferralResponse.From).ToList();
        if (Expands(request, "affiliate"))
            responses = await WithAffiliatesAsync(responses, teamId, affiliates, ct);
        return TypedResults.Ok(new CursorEnvelope<ReferralResponse>(responses, hasMore));
    }

    private static async Task<Results<Ok<Envelope<ReferralResponse>>, JsonHttpResult<ErrorEnvelope>>> Get(
        string id, HttpRequest request, ClaimsPrincipal user, ReferralStore referrals, AffiliateStore affiliates, ProgramStore programs, CancellationToken ct)
    {
        var teamId = user.TeamId();
        var referral = await referrals.GetAsync(teamId, id, ct);
        if (referral is null)
            return ApiErrors.NotFound("Referral");
        var response = ReferralResponse.From(referral);
        if (Expands(request, "affiliate"))
            response = (await WithAffiliatesAsync([response], teamId, affiliates, ct))[0];
        if (request.Query["include"].ToString().Split(',').Contains("stats"))
        {
            var currency = (await programs.GetForTeamAsync(teamId, ct))?.Currency ?? "USD";
            var stats = await referrals.StatsAsync(teamId, id, currency, ct);
            response = response with
            {
                Stats = new ReferralStatsResponse(
                    Currencies.ToMajor(stats.TotalRevenueMinor, currency), Currencies.ToMajor(stats.TotalCommissionMinor, currency),
                    stats.TotalOrders, stats.LastOrderAt),
            };
        }
        return TypedResults.Ok(new Envelope<ReferralResponse>(response));
    }

    private static async Task<Results<Created<Envelope<ReferralResponse>>, JsonHttpResult<ErrorEnvelope>>> Create(
        ReferralRequest body, ClaimsPrincipal user, ReferralStore referrals, AffiliateStore affiliates, TimeProvider clock, CancellationToken ct)
    {
        var (metadata, metadataError) = JsonText.FromObject(body.Metadata, "metadata");
        var checks = new Checks()
            .Required("email", body.Email)
            .Email("email", body.Email)
            .Required("affiliate_id", body.AffiliateId)
            .MaxLength("name", body.Name, 255)
            .That(body.Status is null || ReferralStatus.IsWritable(body.Status), "status", "status must be one of lead, trialing, customer, active, canceled, rejected")
            .That(metadataError is null, "metadata", metadataError ?? "");
        if (checks.Failed)
            return checks.Result;

        var teamId = user.TeamId();
        var affiliate = await affiliates.GetAsync(teamId, body.AffiliateId!, ct);
        if (affiliate is null)
            return ApiErrors.NotFound("Affiliate");

        var status = body.Status ?? ReferralStatus.Lead;
        var now = clock.GetUtcNow();
        var converted = status is ReferralStatus.Lead or ReferralStatus.Rejected ? (DateTimeOffset?)null : now;
        if (body.ClickId is not null)
        {
            var click = await referrals.GetAsync(teamId, body.ClickId, ct);
            if (click is null)
                return ApiErrors.NotFound("Click");
            if (click.Status != ReferralStatus.Click)
                return ApiErrors.Duplicate("click_id", "That click already became a referral.");
            if (click.AffiliateId != affiliate.Id)
                return ApiErrors.Validation("click_id", "The click belongs to another affiliate.");
            var (signedUp, _) = await referrals.SignupAsync(teamId, click.Id, status, body.Email, body.Name, body.ExternalUserId, null, ct);
            var updated = await referrals.UpdateAsync(teamId, click.Id, new ReferralChanges(CustomerId: body.CustomerId, SubscriptionId: body.SubscriptionId, Status: status, MetadataJson: metadata), ct);
            return TypedResults.Created($"/v1/referrals/{click.Id}", new Envelope<ReferralResponse>(ReferralResponse.From(updated ?? signedUp!)));
        }

        var referral = new Referral
        {
            Id = Id.New(IdPrefix.Referral, clock),
            TeamId = teamId,
            ProgramId = affiliate.ProgramId,
            AffiliateId = affiliate.Id,
            Status = status,
            Email = body.Email,
            Name = body.Name,
            ExternalUserId = body.ExternalUserId,
            CustomerId = body.CustomerId,
            SubscriptionId = body.SubscriptionId,
            MetadataJson = metadata,
            CreatedAt = body.CreatedAt ?? now,
            UpdatedAt = now,
            ConvertedAt = converted,
        };
        await referrals.CreateAsync(referral, ct);
        return TypedResults.Created($"/v1/referrals/{referral.Id}", new Envelope<ReferralResponse>(ReferralResponse.From(referral)));
    }

    private static async Task<Results<Ok<Envelope<ReferralResponse>>, JsonHttpResult<ErrorEnvelope>>> Update(
        string id, JsonObject body, ClaimsPrincipal user, ReferralStore referrals, CancellationToken ct)
    {
        if (!JsonText.TryRead<ReferralRequest>(body, out var request, out var error))
            return error;
        var (metadata, metadataError) = JsonText.FromObject(request.Metadata, "metadata");
        var checks = new Checks()
            .Email("email", request.Email)
            .MaxLength("name", request.Name, 255)
            .That(request.Status is null || ReferralStatus.IsWritable(request.Status), "status", "status must be one of lead, trialing, customer, active, canceled, rejected")
            .That(metadataError is null, "metadata", metadataError ?? "")
            .That(!(body.ContainsKey("status") && request.Status is null), "status", "status cannot be null");
        if (checks.Failed)
            return checks.Result;

        var cleared = JsonText.Nulls(body);
        var updated = await referrals.UpdateAsync(user.TeamId(), id, new ReferralChanges(
            request.Email, request.Name, request.CustomerId, request.SubscriptionId, request.Status, metadata, cleared), ct);
        return updated is null ? ApiErrors.NotFound("Referral") : TypedResults.Ok(new Envelope<ReferralResponse>(ReferralResponse.From(updated)));
    }

    private static async Task<List<ReferralResponse>> WithAffiliatesAsync(List<ReferralResponse> responses, string teamId, AffiliateStore affiliates, CancellationToken ct)
    {
        var byId = new Dictionary<string, AffiliateResponse?>();
        foreach (var affiliateId in responses.Select(r => r.AffiliateId).Distinct())
            byId[affiliateId] = await affiliates.GetAsync(teamId, affiliateId, ct) is { } found ? AffiliateResponse.From(found) : null;
        return responses.Select(r => r with { Affiliate = byId[r.AffiliateId] }).ToList();
    }

    private static bool Expands(HttpRequest request, string name) =>
        request.Query["expand"].SelectMany(value => (value ?? "").Split(',')).Any(value => value.Trim() == name);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
