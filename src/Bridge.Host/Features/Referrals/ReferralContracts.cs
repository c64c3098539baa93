using Bridge.Core.Referrals;
using Bridge.Host.Features.Affiliates;

namespace Bridge.Host.Features.Referrals;

public sealed record ReferralStatsResponse(decimal TotalRevenue, decimal TotalCommission, long TotalOrders, DateTimeOffset? LastOrderAt);

public sealed record ReferralResponse(
    string Id,
    string AffiliateId,
    string ProgramId,
    string? Email,
    string? CustomerId,
    string? SubscriptionId,
    string Status,
    string? Name,
    JsonElement? Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ConvertedAt,
    string? ExternalUserId,
    IReadOnlyList<string> FraudFlags)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AffiliateResponse? Affiliate { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReferralStatsResponse? Stats { get; init; }

    public static ReferralResponse From(Referral r) => new(
        r.Id, r.AffiliateId, r.ProgramId, r.Email, r.CustomerId, r.SubscriptionId, r.Status, r.Name,
        JsonText.Parse(r.MetadataJson), r.CreatedAt, r.ConvertedAt, r.ExternalUserId,
        r.FraudFlags?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []);
}

/// <summary>POST /v1/referrals and PUT /v1/referrals/{id} (PUT ignores affiliate_id, click_id and created_at).</summary>
public sealed record ReferralRequest(
    string? Email,
    string? AffiliateId,
    string? SubscriptionId,
    string? CustomerId,
    string? ClickId,
    DateTimeOffset? CreatedAt,
    string? Status,
    string? Name,
    string? ExternalUserId,
    JsonElement? Metadata);
