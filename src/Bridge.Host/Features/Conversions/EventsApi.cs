using Bridge.Core.ApiKeys;
using Bridge.Core.Payments;
using Bridge.Core.Referrals;
using Bridge.Core.Signups;
using Bridge.Host.Auth;

namespace Bridge.Host.Features.Conversions;

/// <summary>
/// POST /v1/events — one normalized event. <c>conversion</c> is a conversion (same rules and response as
/// POST /v1/conversions); <c>lead</c> signs a click up; <c>trial</c> moves a lead to <c>trialing</c>; <c>milestone</c> is
/// acknowledged for the referral without changing it.
/// </summary>
public static class EventsApi
{
    public static RouteGroupBuilder MapEvents(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/events").WithTags("Conversions").RequireScope(ApiKeyScopes.WriteCommissions);
        group.MapPost("/", Receive);
        return group;
    }

    private static async Task<Results<Created<Envelope<ConversionResponse>>, Ok<Envelope<ConversionResponse>>, Ok<Envelope<EventResult>>, JsonHttpResult<ErrorEnvelope>>> Receive(
        EventRequest body, ClaimsPrincipal user, ConversionService conversions, SignupService signups, ReferralStore referrals, TimeProvider clock, CancellationToken ct)
    {
        var type = body.EventType ?? (body.SaleAmount is not null ? "conversion" : "milestone");
        var checks = new Checks()
            .Required("event_name", body.EventName)
            .MaxLength("event_name", body.EventName, 255)
            .OneOf("event_type", type, "conversion", "lead", "trial", "milestone")
            .That(body.ReferralId is not null || body.CustomerId is not null || body.ExternalUserId is not null || body.ClickId is not null,
                "referral_id", "one of referral_id, customer_id, external_user_id or click_id is required")
            .That(type != "lead" || string.IsNullOrWhiteSpace(body.Email) || Checks.IsEmail(body.Email.Trim()), "email", "email is not a valid e-mail address");
        if (checks.Failed)
            return checks.Result;

        if (type == "conversion")
        {
            var conversion = await ConversionsApi.Record(new ConversionRequest(body.ReferralId, body.CustomerId, body.ExternalUserId, body.ClickId, body.SaleAmount,
                body.SaleAmountCurrency, body.ExternalEventId, body.ProductIds, body.PriceIds, body.Interval, body.IsSubscription, null, null, body.OccurredAt, body.Metadata),
                user, conversions, ct);
            return conversion.Result switch
            {
                Created<Envelope<ConversionResponse>> created => created,
                Ok<Envelope<ConversionResponse>> ok => ok,
                JsonHttpResult<ErrorEnvelope> error => error,
                _ => throw new InvalidOperationException("unexpected conversion result"),
            };
        }

        var teamId = user.TeamId();
        var (referral, problem) = await conversions.ResolveReferralAsync(teamId, body.ReferralId, body.ClickId, body.ExternalUserId, body.CustomerId, ct);
        if (referral is null && type == "lead" && body.ExternalUserId is not null && (body.ReferralId ?? body.ClickId) is not null)
        {
            // A lead event for a click carries the new lead's external_user_id: data for the signup, not yet an identifier.
            var (named, _) = await conversions.ResolveReferralAsync(teamId, body.ReferralId, body.ClickId, null, body.CustomerId, ct);
            if (named?.Status == ReferralStatus.Click)
                referral = named;
        }
        if (referral is null)
            return problem == ConversionOutcome.AmbiguousReferral ? ApiErrors.Validation("referral_id", "the identifiers name different referrals") : ApiErrors.NotFound("Referral");

        if (type == "lead" && referral.Status == ReferralStatus.Click)
        {
            var email = string.IsNullOrWhiteSpace(body.Email) ? null : body.Email.Trim();
            if (email is null && body.ExternalUserId is null)
                return ApiErrors.Validation("email", "a lead event for a click needs email or external_user_id");
            (_, referral) = await signups.SignupAsync(teamId, new SignupInput(referral.Id, email, body.Name, body.ExternalUserId), ct);
        }
        else if (type == "trial" && referral.Status is ReferralStatus.Click or ReferralStatus.Lead)
        {
            referral = await referrals.UpdateAsync(teamId, referral.Id, new ReferralChanges(Status: ReferralStatus.Trialing), ct);
        }
        return TypedResults.Ok(new Envelope<EventResult>(new EventResult(Id.New("evt", clock), body.EventName!, type, referral!.Id, referral.Status, "processed")));
    }
}
