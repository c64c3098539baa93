using System.Text.Json.Nodes;
using Bridge.Core.ApiKeys;
using Bridge.Core.Programs;
using Bridge.Host.Auth;

namespace Bridge.Host.Features.Programs;

/// <summary>
/// <c>/v1/program/payment-terms</c>. The commission rule (type, rate, duration) IS the default group's sale incentive,
/// so a PATCH here changes what new payments earn; the payout fields live on the program.
/// </summary>
public sealed record PaymentTerms(
    string CommissionType,
    decimal CommissionRate,
    string CommissionDuration,
    int? CommissionDurationValue,
    decimal PaymentThreshold,
    string PaymentFrequency,
    int CookieLifetime,
    bool AutoPayout,
    bool InvoiceRequired,
    string? InvoiceCompanyName,
    string? InvoiceAddress,
    string? InvoiceCity,
    string? InvoiceState,
    string? InvoicePostalCode,
    string? InvoiceCountry,
    string? InvoiceVatId,
    string? OwnerFirstName,
    string? OwnerLastName,
    string? OwnerEmail);

public sealed record PaymentTermsPatch(
    string? CommissionType,
    decimal? CommissionRate,
    string? CommissionDuration,
    int? CommissionDurationValue,
    decimal? PaymentThreshold,
    string? PaymentFrequency,
    int? CookieLifetime,
    bool? AutoPayout,
    bool? InvoiceRequired,
    string? InvoiceCompanyName,
    string? InvoiceAddress,
    string? InvoiceCity,
    string? InvoiceState,
    string? InvoicePostalCode,
    string? InvoiceCountry,
    string? InvoiceVatId,
    string? OwnerFirstName,
    string? OwnerLastName,
    string? OwnerEmail);

public static class PaymentTermsApi
{
    public static void MapPaymentTerms(this RouteGroupBuilder program)
    {
        program.MapGet("/payment-terms", async Task<Results<Ok<Envelope<PaymentTerms>>, JsonHttpResult<ErrorEnvelope>>> (
            ClaimsPrincipal user, ProgramStore programs, IncentiveStore incentives, CancellationToken ct) =>
        {
            var teamId = user.TeamId();
            var p = await programs.GetForTeamAsync(teamId, ct);
            var incentive = await incentives.DefaultSaleIncentiveAsync(teamId, ct);
            return p is null || incentive is null ? ApiErrors.NotFound("Program") : TypedResults.Ok(new Envelope<PaymentTerms>(Describe(p, incentive)));
        }).RequireScope(ApiKeyScopes.ReadProgram);

        program.MapPatch("/payment-terms", Patch).RequireScope(ApiKeyScopes.WriteProgram);
    }

    /// <summary>The invoice/owner text fields: optional, and null clears them (SDK <c>PaymentTermsUpdateParams</c>).</summary>
    private static readonly string[] TextFields =
    [
        "invoice_company_name", "invoice_address", "invoice_city", "invoice_state", "invoice_postal_code", "invoice_country",
        "invoice_vat_id", "owner_first_name", "owner_last_name", "owner_email",
    ];

    private static async Task<Results<Ok<Envelope<PaymentTerms>>, JsonHttpResult<ErrorEnvelope>>> Patch(
        JsonObject json, ClaimsPrincipal user, ProgramStore programs, IncentiveStore incentives, CancellationToken ct)
    {
        if (!JsonText.TryRead<PaymentTermsPatch>(json, out var body, out var error))
            return error;
        var cleared = JsonText.Nulls(json);
        var checks = new Checks()
            .OneOf("commission_type", body.CommissionType, "percentage", "fixed")
            .OneOf("commission_duration", body.CommissionDuration, "forever", "once", "first_month", "custom")
            .That(body.CommissionRate is null or >= 0, "commission_rate", "commission_rate must not be negative")
            .That(body.CommissionDurationValue is null or > 0, "commission_duration_value", "commission_duration_value must be positive")
            .OneOf("payment_frequency", body.PaymentFrequency, "monthly", "biweekly", "weekly")
            .That(body.CookieLifetime is null or > 0 and <= 3650, "cookie_lifetime", "cookie_lifetime must be between 1 and 3650 days")
            .That(body.PaymentThreshold is null or >= 0, "payment_threshold", "payment_threshold must not be negative")
            .Email("owner_email", body.OwnerEmail)
            .MaxLength("invoice_address", body.InvoiceAddress, 1000);
        foreach (var (field, value) in new[]
                 {
                     ("invoice_company_name", body.InvoiceCompanyName), ("invoice_city", body.InvoiceCity), ("invoice_state", body.InvoiceState),
                     ("invoice_postal_code", body.InvoicePostalCode), ("invoice_country", body.InvoiceCountry), ("invoice_vat_id", body.InvoiceVatId),
                     ("owner_first_name", body.OwnerFirstName), ("owner_last_name", body.OwnerLastName),
                 })
            checks.MaxLength(field, value, 255);
        foreach (var field in cleared.Except(TextFields).Except(["commission_duration_value"]))
            checks.That(false, field, $"{field} cannot be null");
        if (checks.Failed)
            return checks.Result;
        var teamId = user.TeamId();
        var p = await programs.GetForTeamAsync(teamId, ct);
        var current = await incentives.DefaultSaleIncentiveAsync(teamId, ct);
        if (p is null || current is null)
            return ApiErrors.NotFound("Program");

        var isPercentage = body.CommissionType is null ? current.IsPercentage : body.CommissionType == "percentage";
        var rate = body.CommissionRate ?? current.Amount;
        var (length, lengthValue) = body.CommissionDuration switch
        {
            "forever" => (IncentiveLength.Lifetime, (int?)null),
            "once" => (IncentiveLength.Once, null),
            "first_month" => (IncentiveLength.Months, 1),
            "custom" => (IncentiveLength.Months, body.CommissionDurationValue ?? current.LengthValue ?? 1),
            _ => (current.IncentiveLength, body.CommissionDurationValue ?? current.LengthValue),
        };
        var fixedCurrency = current.FixedCurrency ?? p.Currency;
        if (isPercentage && rate > 100)
            return ApiErrors.Validation("commission_rate", "a percentage commission_rate must be at most 100");
        if (!isPercentage && !Currencies.TryToMinor(rate, fixedCurrency, out _))
            return ApiErrors.Validation("commission_rate", $"commission_rate has more decimals than {fixedCurrency} allows");
        Currencies.TryToMinor(rate, fixedCurrency, out var fixedMinor);
        await incentives.UpdateAsync(new Incentive
        {
            Id = current.Id,
            TeamId = current.TeamId,
            Name = current.Name,
            Type = current.Type,
            IsPercentage = isPercentage,
            RatePpm = isPercentage ? (long)(rate * Incentive.PpmPerPercent) : null,
            FixedAmountMinor = isPercentage ? null : fixedMinor,
            FixedCurrency = isPercentage ? null : fixedCurrency,
            IncentiveLength = length,
            LengthValue = lengthValue,
            HoldPeriodDays = current.HoldPeriodDays,
            ApprovalType = current.ApprovalType,
        }, ct);

        var extras = p.PaymentTerms;
        string? Text(string field, string? sent, string? current) => cleared.Contains(field) ? null : sent?.Trim() ?? current;
        var saved = await programs.UpdateAsync(ProgramApi.Copy(p, terms: SettingsDocument.Serialize(extras with
        {
            PaymentThreshold = body.PaymentThreshold ?? extras.PaymentThreshold,
            PaymentFrequency = body.PaymentFrequency ?? extras.PaymentFrequency,
            CookieLifetime = body.CookieLifetime ?? extras.CookieLifetime,
            AutoPayout = body.AutoPayout ?? extras.AutoPayout,
            InvoiceRequired = body.InvoiceRequired ?? extras.InvoiceRequired,
            InvoiceCompanyName = Text("invoice_company_name", body.InvoiceCompanyName, extras.InvoiceCompanyName),
            InvoiceAddress = Text("invoice_address", body.InvoiceAddress, extras.InvoiceAddress),
            InvoiceCity = Text("invoice_city", body.InvoiceCity, extras.InvoiceCity),
            InvoiceState = Text("invoice_state", body.InvoiceState, extras.InvoiceState),
            InvoicePostalCode = Text("invoice_postal_code", body.InvoicePostalCode, extras.InvoicePostalCode),
            InvoiceCountry = Text("invoice_country", body.InvoiceCountry, extras.InvoiceCountry),
            InvoiceVatId = Text("invoice_vat_id", body.InvoiceVatId, extras.InvoiceVatId),
            OwnerFirstName = Text("owner_first_name", body.OwnerFirstName, extras.OwnerFirstName),
            OwnerLastName = Text("owner_last_name", body.OwnerLastName, extras.OwnerLastName),
            OwnerEmail = Text("owner_email", body.OwnerEmail, extras.OwnerEmail),
        })), ct);
        return TypedResults.Ok(new Envelope<PaymentTerms>(Describe(saved, (await incentives.DefaultSaleIncentiveAsync(teamId, ct))!)));
    }

    private static PaymentTerms Describe(ProgramRecord p, Incentive incentive)
    {
        var extras = p.PaymentTerms;
        var (duration, value) = incentive.IncentiveLength switch
        {
            IncentiveLength.Once => ("once", (int?)null),
            IncentiveLength.Months when incentive.LengthValue == 1 => ("first_month", null),
            IncentiveLength.Months or IncentiveLength.Payments => ("custom", incentive.LengthValue),
            _ => ("forever", null),
        };
        return new PaymentTerms(incentive.IsPercentage ? "percentage" : "fixed", incentive.Amount, duration, value,
            extras.PaymentThreshold, extras.PaymentFrequency, extras.CookieLifetime, extras.AutoPayout, extras.InvoiceRequired,
            extras.InvoiceCompanyName, extras.InvoiceAddress, extras.InvoiceCity, extras.InvoiceState, extras.InvoicePostalCode,
            extras.InvoiceCountry, extras.InvoiceVatId, extras.OwnerFirstName, extras.OwnerLastName, extras.OwnerEmail);
    }
}
