using Bridge.Core.Programs;

namespace Bridge.Host.Features.Programs;

/// <summary>
/// An incentive as the API shows it (Affonso's <c>GroupIncentive</c>): <c>amount</c> is a percentage when
/// <c>is_percentage</c>, else a fixed amount in <c>currency</c>'s major units.
/// </summary>
public sealed record IncentiveResponse(
    string Id,
    string Name,
    string Type,
    decimal Amount,
    bool IsPercentage,
    string? Currency,
    string ApplyTo,
    IReadOnlyList<string> ProductIds,
    string ApprovalType,
    int? HoldPeriodDays,
    string IncentiveLength,
    int? LengthValue,
    bool VariableCommission,
    JsonElement? VariableConfig)
{
    public static IncentiveResponse From(Incentive i) => new(
        i.Id, i.Name, i.Type, i.Amount, i.IsPercentage, i.IsPercentage ? null : i.FixedCurrency, i.ApplyTo,
        JsonSerializer.Deserialize<List<string>>(i.ProductIdsJson) ?? [], i.ApprovalType, i.HoldPeriodDays, i.IncentiveLength,
        i.LengthValue, false, null);
}

public sealed record IncentiveRequest(
    string? Name,
    string? Type,
    decimal? Amount,
    bool? IsPercentage,
    string? Currency,
    string? ApplyTo,
    IReadOnlyList<string>? ProductIds,
    string? ApprovalType,
    int? HoldPeriodDays,
    string? IncentiveLength,
    int? LengthValue)
{
    /// <summary>Validates into <paramref name="checks"/> (fields prefixed with <paramref name="path"/>); null when invalid.</summary>
    public Incentive? ToIncentive(Checks checks, string path = "")
    {
        var isPercentage = IsPercentage ?? true;
        var currency = Bridge.Core.Money.Currencies.Normalize(Currency ?? "USD");
        long fixedMinor = 0;
        checks.Required(path + "amount", Amount?.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .That(Amount is null or >= 0, path + "amount", "amount must not be negative")
            .That(!isPercentage || Amount is null or <= 100, path + "amount", "a percentage amount must be at most 100")
            .That(!isPercentage || Amount is null || decimal.Round(Amount.Value, 4) == Amount.Value, path + "amount", "a percentage has at most 4 decimals")
            .That(isPercentage || currency is not null, path + "currency", "currency must be a 3-letter ISO code")
            .That(isPercentage || currency is null || Amount is null || Bridge.Core.Money.Currencies.TryToMinor(Amount.Value, currency, out fixedMinor), path + "amount", $"amount has more decimals than {currency} allows")
            .OneOf(path + "type", Type, IncentiveType.Sale, IncentiveType.Lead)
            .OneOf(path + "approval_type", ApprovalType, Bridge.Core.Programs.ApprovalType.Automatic, Bridge.Core.Programs.ApprovalType.Manual)
            .OneOf(path + "incentive_length", IncentiveLength, Bridge.Core.Programs.IncentiveLength.Once, Bridge.Core.Programs.IncentiveLength.Lifetime, Bridge.Core.Programs.IncentiveLength.Months, Bridge.Core.Programs.IncentiveLength.Payments)
            .That(IncentiveLength is not (Bridge.Core.Programs.IncentiveLength.Months or Bridge.Core.Programs.IncentiveLength.Payments) || LengthValue is > 0, path + "length_value", "length_value must be a positive number for months or payments")
            .That(HoldPeriodDays is null or >= 0 and <= 3650, path + "hold_period_days", "hold_period_days must be between 0 and 3650")
            .OneOf(path + "apply_to", ApplyTo, "all_products", "specific_products")
            .MaxLength(path + "name", Name, 255);
        if (checks.Failed)
            return null;
        return new Incentive
        {
            Name = Name ?? (isPercentage ? $"{Amount}%" : $"{Amount} {currency}"),
            Type = Type ?? IncentiveType.Sale,
            IsPercentage = isPercentage,
            RatePpm = isPercentage ? (long)(Amount!.Value * Incentive.PpmPerPercent) : null,
            FixedAmountMinor = isPercentage ? null : fixedMinor,
            FixedCurrency = isPercentage ? null : currency,
            IncentiveLength = IncentiveLength ?? Bridge.Core.Programs.IncentiveLength.Lifetime,
            LengthValue = LengthValue,
            HoldPeriodDays = HoldPeriodDays,
            ApprovalType = ApprovalType ?? Bridge.Core.Programs.ApprovalType.Automatic,
            ApplyTo = ApplyTo ?? "all_products",
            ProductIdsJson = JsonSerializer.Serialize(ProductIds ?? []),
        };
    }
}
