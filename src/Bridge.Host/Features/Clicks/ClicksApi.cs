using Bridge.Core.ApiKeys;
using Bridge.Core.Referrals;
using Bridge.Host.Auth;

namespace Bridge.Host.Features.Clicks;

/// <summary>POST /v1/clicks: the body is camelCase, as in Affonso's API and SDK.</summary>
public sealed record ClickRequest
{
    [JsonPropertyName("programId")] public string? ProgramId { get; init; }
    [JsonPropertyName("trackingId")] public string? TrackingId { get; init; }
    [JsonPropertyName("sub1")] public string? Sub1 { get; init; }
    [JsonPropertyName("sub2")] public string? Sub2 { get; init; }
    [JsonPropertyName("sub3")] public string? Sub3 { get; init; }
    [JsonPropertyName("sub4")] public string? Sub4 { get; init; }
    [JsonPropertyName("sub5")] public string? Sub5 { get; init; }
    [JsonPropertyName("referrer")] public string? Referrer { get; init; }
    [JsonPropertyName("ip")] public string? Ip { get; init; }
    [JsonPropertyName("userAgent")] public string? UserAgent { get; init; }
    [JsonPropertyName("utmSource")] public string? UtmSource { get; init; }
    [JsonPropertyName("utmMedium")] public string? UtmMedium { get; init; }
    [JsonPropertyName("utmCampaign")] public string? UtmCampaign { get; init; }
    [JsonPropertyName("utmTerm")] public string? UtmTerm { get; init; }
    [JsonPropertyName("utmContent")] public string? UtmContent { get; init; }
    [JsonPropertyName("gclid")] public string? Gclid { get; init; }
    [JsonPropertyName("fbclid")] public string? Fbclid { get; init; }
    [JsonPropertyName("msclkid")] public string? Msclkid { get; init; }
    [JsonPropertyName("ttclid")] public string? Ttclid { get; init; }
    [JsonPropertyName("createdAt")] public DateTimeOffset? CreatedAt { get; init; }
}

public sealed record ClickResponse(string Id, string TrackingId, string ProgramId, DateTimeOffset CreatedAt);

public static class ClicksApi
{
    public static RouteGroupBuilder MapClicks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/clicks").WithTags("Clicks").RequireScope(ApiKeyScopes.CreateClicks);
        group.MapPost("/", RecordClick).WithSummary("Record a click; its id is the referral id for the affonso_referral cookie.");
        return group;
    }

    private static async Task<Results<Created<Envelope<ClickResponse>>, JsonHttpResult<ErrorEnvelope>>> RecordClick(
        ClickRequest request, ClaimsPrincipal user, ClickService clicks, CancellationToken ct)
    {
        var checks = new Checks()
            .Required("programId", request.ProgramId)
            .Required("trackingId", request.TrackingId)
            .MaxLength("referrer", request.Referrer, 2000)
            .MaxLength("ip", request.Ip, 45)
            .MaxLength("userAgent", request.UserAgent, 1000);
        foreach (var (field, value) in ShortFields(request))
            checks.MaxLength(field, value, 255);
        if (checks.Failed)
            return checks.Result;

        var click = await clicks.RecordAsync(user.TeamId(), new ClickInput
        {
            ProgramId = request.ProgramId!,
            TrackingId = request.TrackingId!,
            Sub1 = request.Sub1, Sub2 = request.Sub2, Sub3 = request.Sub3, Sub4 = request.Sub4, Sub5 = request.Sub5,
            Referrer = request.Referrer, Ip = request.Ip, UserAgent = request.UserAgent,
            UtmSource = request.UtmSource, UtmMedium = request.UtmMedium, UtmCampaign = request.UtmCampaign,
            UtmTerm = request.UtmTerm, UtmContent = request.UtmContent,
            Gclid = request.Gclid, Fbclid = request.Fbclid, Msclkid = request.Msclkid, Ttclid = request.Ttclid,
            CreatedAt = request.CreatedAt,
        }, ct);
        if (click is null)
            return ApiErrors.NotFound("Program or approved affiliate");
        return TypedResults.Created($"/v1/referrals/{click.Id}",
            new Envelope<ClickResponse>(new ClickResponse(click.Id, request.TrackingId!, click.ProgramId, click.CreatedAt)));
    }

    private static IEnumerable<(string, string?)> ShortFields(ClickRequest r) =>
    [
        ("sub1", r.Sub1), ("sub2", r.Sub2), ("sub3", r.Sub3), ("sub4", r.Sub4), ("sub5", r.Sub5),
        ("utmSource", r.UtmSource), ("utmMedium", r.UtmMedium), ("utmCampaign", r.UtmCampaign), ("utmTerm", r.UtmTerm),
        ("utmContent", r.UtmContent), ("gclid", r.Gclid), ("fbclid", r.Fbclid), ("msclkid", r.Msclkid), ("ttclid", r.Ttclid),
    ];
}
