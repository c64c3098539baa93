using Bridge.Core.ApiKeys;
using Bridge.Core.Commissions;
using Bridge.Core.Payments;
using Bridge.Host.Auth;

namespace Bridge.Host.Features.Conversions;

/// <summary>
/// Server-side conversions for merchants on other providers: POST /v1/conversions (201, or 200 replaying the same
/// <c>external_event_id</c>), POST /v1/conversions/{id}/refund (full or partial), and POST /v1/events. The same engine and
/// ledger as the webhook path.
/// </summary>
public static class ConversionsApi
{
    public static RouteGroupBuilder MapConversions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/conversions").WithTags("Conversions").RequireScope(ApiKeyScopes.WriteCommissions);
        group.MapPost("/", Record);
        group.MapPost("/{id}/refund", Refund);
        return group;
    }

    internal static async Task<Results<Created<Envelope<ConversionResponse>>, Ok<Envelope<ConversionResponse>>, JsonHttpResult<ErrorEnvelope>>> Record(
        ConversionRequest body, ClaimsPrincipal user, ConversionService conversions, CancellationToken ct)
    {
        var checks = new Checks()
            .That(body.ReferralId is not null || body.CustomerId is not null || body.ExternalUserId is not null || body.ClickId is not null,
                "referral_id", "one of referral_id, customer_id, external_user_id or click_id is required")
            .Required("external_event_id", body.ExternalEventId)
            .MaxLength("external_event_id", body.ExternalEventId, 255)
            .That(body.SaleAmount is > 0, "sale_amount", "sale_amount is required and must be greater than 0")
            .Required("sale_amount_currency", body.SaleAmountCurrency)
            .OneOf("interval", body.Interval, "monthly", "yearly")
            .That(body.Status is null || CommissionStatus.All.Contains(body.Status), "status", $"status must be one of {string.Join(", ", CommissionStatus.All)}")
            .That(body.SalesStatus is null || SalesStatus.All.Contains(body.SalesStatus), "sales_status", $"sales_status must be one of {string.Join(", ", SalesStatus.All)}");
        var currency = Commissions.CommissionsApi.Money(checks, "sale_amount", body.SaleAmount, body.SaleAmountCurrency ?? "USD", out var saleMinor);
        var (metadata, metadataError) = JsonText.FromObject(body.Metadata, "metadata");
        checks.That(metadataError is null, "metadata", metadataError ?? "");
        if (checks.Failed)
            return checks.Result;

        var result = await conversions.RecordAsync(user.TeamId(), new ConversionInput
        {
            ReferralId = body.ReferralId,
            CustomerId = body.CustomerId,
            ExternalUserId = body.ExternalUserId,
            ClickId = body.ClickId,
            SaleMinor = saleMinor,
            Currency = currency!,
            ExternalEventId = body.ExternalEventId!,
            Status = body.Status,
            SalesStatus = body.SalesStatus,
            IsSubscription = body.IsSubscription ?? body.Interval is not null,
            OccurredAt = body.CreatedAt,
            MetadataJson = metadata,
        }, ct);
        return result.Outcome switch
        {
            ConversionOutcome.Created => TypedResults.Created($"/v1/commissions/{result.Commission?.Id ?? result.Payment!.Id}", new Envelope<ConversionResponse>(ConversionResponse.From(result))),
            ConversionOutcome.Replayed => TypedResults.Ok(new Envelope<ConversionResponse>(ConversionResponse.From(result))),
            ConversionOutcome.AmbiguousReferral => ApiErrors.Validation("referral_id", "the identifiers name different referrals"),
            _ => ApiErrors.NotFound("Referral"),
        };
    }

    private static async Task<Results<Ok<Envelope<ConversionResponse>>, JsonHttpResult<ErrorEnvelope>>> Refund(
        string id, RefundRequest? body, ClaimsPrincipal user, ConversionService conversions, CancellationToken ct)
    {
        body ??= new RefundRequest(null, null, null, null, null);
        var checks = new Checks()
            .That(body.Amount is null or > 0, "amount", "amount must be greater than 0")
            .That(body.Currency is null || Currencies.Normalize(body.Currency) is not null, "currency", "currency must be a 3-letter ISO code")
            .MaxLength("external_event_id", body.ExternalEventId, 255);
        if (checks.Failed)
            return checks.Result;
        var teamId = user.TeamId();
        var current = await conversions.LoadAsync(teamId, id, ct);
        if (current?.Payment is null)
            return ApiErrors.NotFound("Conversion");
        if (Currencies.Normalize(body.Currency) is { } currency && currency != current.Payment.Currency)
            return ApiErrors.Validation("currency", $"currency must be {current.Payment.Currency}, the conversion's currency");
        long? amountMinor = null;
        if (body.Amount is { } amount)
        {
            if (!Currencies.TryToMinor(amount, current.Payment.Currency, out var minor))
                return ApiErrors.Validation("amount", $"amount has more decimals than {current.Payment.Currency} allows");
            amountMinor = minor;
        }
        var result = await conversions.RefundAsync(teamId, id, new RefundInput(amountMinor, Currencies.Normalize(body.Currency), body.ExternalEventId, body.RefundedAt, body.Reason), ct);
        return result.Outcome switch
        {
            ConversionOutcome.Created or ConversionOutcome.Replayed => TypedResults.Ok(new Envelope<ConversionResponse>(ConversionResponse.From(result))),
            ConversionOutcome.InvalidRefund => ApiErrors.Validation("amount", result.Error ?? "invalid refund"),
            _ => ApiErrors.NotFound("Conversion"),
        };
    }
}
