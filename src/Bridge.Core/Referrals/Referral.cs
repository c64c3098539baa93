namespace Bridge.Core.Referrals;

/// <summary>Referral statuses. A click is a referral in status <c>click</c>; a signup makes it a <c>lead</c>.</summary>
public static class ReferralStatus
{
    public const string Click = "click";
    public const string Lead = "lead";
    public const string Trialing = "trialing";
    public const string Customer = "customer";
    public const string Active = "active";
    public const string Canceled = "canceled";
    public const string Rejected = "rejected";

    /// <summary>The statuses the API accepts in requests (not <c>click</c>, which only a click creates).</summary>
    public static bool IsWritable(string? value) => value is Lead or Trialing or Customer or Active or Canceled or Rejected;
}

public sealed class Referral
{
    public string Id { get; init; } = "";
    public string TeamId { get; init; } = "";
    public string ProgramId { get; init; } = "";
    public string AffiliateId { get; init; } = "";
    public string Status { get; init; } = ReferralStatus.Click;
    public string? Email { get; init; }
    public string? Name { get; init; }
    public string? ExternalUserId { get; init; }
    public string? CustomerId { get; init; }
    public string? SubscriptionId { get; init; }
    public string? MetadataJson { get; init; }
    /// <summary>Fraud rules that tripped (space-separated), in detect or block mode.</summary>
    public string? FraudFlags { get; init; }
    public string? Sub1 { get; init; }
    public string? Sub2 { get; init; }
    public string? Sub3 { get; init; }
    public string? Sub4 { get; init; }
    public string? Sub5 { get; init; }
    public string? Referrer { get; init; }
    public string? Ip { get; init; }
    public string? UserAgent { get; init; }
    public string? UtmSource { get; init; }
    public string? UtmMedium { get; init; }
    public string? UtmCampaign { get; init; }
    public string? UtmTerm { get; init; }
    public string? UtmContent { get; init; }
    public string? Gclid { get; init; }
    public string? Fbclid { get; init; }
    public string? Msclkid { get; init; }
    public string? Ttclid { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ConvertedAt { get; init; }
}

public sealed record ReferralStats(long TotalRevenueMinor, long TotalCommissionMinor, long TotalOrders, DateTimeOffset? LastOrderAt, string Currency);

/// <summary>Cursor page request: ids of the neighbouring items, newest first unless <see cref="Ascending"/>.</summary>
public sealed record ReferralQuery(
    int Limit,
    string? StartingAfter = null,
    string? EndingBefore = null,
    bool Ascending = false,
    string? AffiliateId = null,
    string? Status = null,
    string? ExternalUserId = null,
    string? Email = null,
    DateTimeOffset? CreatedGte = null,
    DateTimeOffset? CreatedLte = null);

/// <summary>The fields PUT /v1/referrals/{id} may change; a null entry means "not sent", <see cref="Clear"/> lists fields sent as null.</summary>
public sealed record ReferralChanges(
    string? Email = null,
    string? Name = null,
    string? CustomerId = null,
    string? SubscriptionId = null,
    string? Status = null,
    string? MetadataJson = null,
    IReadOnlySet<string>? Clear = null);
