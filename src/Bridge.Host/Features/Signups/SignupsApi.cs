using Bridge.Core.ApiKeys;
using Bridge.Core.Signups;
using Bridge.Host.Auth;
using Bridge.Host.Features.Referrals;

namespace Bridge.Host.Features.Signups;

public sealed record SignupRequest(string? ClickId, string? Email, string? ExternalUserId, string? Name);

/// <summary>
/// POST /v1/signups: 201 with the new lead, 200 with the same referral on a repeat, 404 for an unknown click. A
/// signup blocked by a fraud rule still answers 201, with <c>status: "rejected"</c>.
/// </summary>
public static class SignupsApi
{
    public static RouteGroupBuilder MapSignups(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/signups").WithTags("Signups").RequireScope(ApiKeyScopes.WriteReferrals);
        group.MapPost("/", Signup).WithSummary("Turn a click into a lead (idempotent per click_id).");
        return group;
    }

    private static async Task<Results<Created<Envelope<ReferralResponse>>, Ok<Envelope<ReferralResponse>>, JsonHttpResult<ErrorEnvelope>>> Signup(
        SignupRequest request, ClaimsPrincipal user, SignupService signups, CancellationToken ct)
    {
        var checks = new Checks()
            .Required("click_id", request.ClickId)
            .That(!string.IsNullOrWhiteSpace(request.Email) || !string.IsNullOrWhiteSpace(request.ExternalUserId), "email", "email or external_user_id is required")
            .Email("email", string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim())
            .MaxLength("name", request.Name, 255)
            .MaxLength("external_user_id", request.ExternalUserId, 255);
        if (checks.Failed)
            return checks.Result;

        var (outcome, referral) = await signups.SignupAsync(user.TeamId(),
            new SignupInput(request.ClickId!, NullIfBlank(request.Email), NullIfBlank(request.Name), NullIfBlank(request.ExternalUserId)), ct);
        return outcome switch
        {
            SignupOutcome.Created => TypedResults.Created($"/v1/referrals/{referral!.Id}", new Envelope<ReferralResponse>(ReferralResponse.From(referral))),
            SignupOutcome.Existing => TypedResults.Ok(new Envelope<ReferralResponse>(ReferralResponse.From(referral!))),
            _ => ApiErrors.NotFound("Click"),
        };
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
