namespace Bridge.Core.Programs;

public static class IncentiveType
{
    public const string Sale = "sale";
    public const string Lead = "lead";
}

/// <summary>How long an incentive pays: the first payment only, every payment, the first N months or the first N payments.</summary>
public static class IncentiveLength
{
    public const string Once = "once";
    public const string Lifetime = "lifetime";
    public const string Months = "months";
    public const string Payments = "payments";

    public static bool IsValid(string? value) => value is Once or Lifetime or Months or Payments;
}

public static class ApprovalType
{
    public const string Automatic = "automatic";
    public const string Manual = "manual";

    public static bool IsValid(string? value) => value is Automatic or Manual;
}

/// <summary>
/// A commission rule. Belongs to a group, or — with <see cref="AffiliateId"/> set — overrides the group for one
/// affiliate. Percentages are stored in parts per million of the sale (30 % = 300 000), fixed amounts in minor units.
/// </summary>
public sealed class Incentive
{
    public const long PpmPerPercent = 10_000;

    public string Id { get; init; } = "";
    public string TeamId { get; init; } = "";
    public string? GroupId { get; init; }
    public string? AffiliateId { get; init; }
    public string Name { get; init; } = "";
    public string Type { get; init; } = IncentiveType.Sale;
    public bool IsPercentage { get; init; }
    public long? RatePpm { get; init; }
    public long? FixedAmountMinor { get; init; }
    public string? FixedCurrency { get; init; }
    public string IncentiveLength { get; init; } = Programs.IncentiveLength.Lifetime;
    public int? LengthValue { get; init; }
    public int? HoldPeriodDays { get; init; }
    public string ApprovalType { get; init; } = Programs.ApprovalType.Automatic;
    public string ApplyTo { get; init; } = "all_products";
    public string ProductIdsJson { get; init; } = "[]";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The API's <c>amount</c>: the percentage (30) or the fixed amount in major units (5.5).</summary>
    public decimal Amount => IsPercentage
        ? (RatePpm ?? 0) / (decimal)PpmPerPercent / 1.000000000000000000000000000000000m
        : Currencies.ToMajor(FixedAmountMinor ?? 0, FixedCurrency ?? "USD");
}
