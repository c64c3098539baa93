using Bridge.Core.Affiliates;

namespace Bridge.Host.Features.Affiliates;

public sealed record AffiliateResponse(
    string Id,
    string Name,
    string Email,
    string TrackingId,
    string Source,
    string PartnershipStatus,
    bool OnboardingCompleted,
    string ProgramId,
    string? GroupId,
    string? ExternalUserId,
    JsonElement? Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Present with <c>expand=commissionOverrides</c>; camelCase like every SDK expand field (<c>Affiliate.commissionOverrides</c>).</summary>
    [JsonPropertyName("commissionOverrides"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CommissionOverrideResponse>? CommissionOverrides { get; init; }

    public static AffiliateResponse From(Affiliate a) => new(
        a.Id, a.Name, a.Email, a.TrackingId, a.Source, a.PartnershipStatus, a.OnboardingCompleted, a.ProgramId, a.GroupId,
        a.ExternalUserId, JsonText.Parse(a.MetadataJson), a.CreatedAt, a.UpdatedAt);
}

/// <summary>
/// SDK <c>CommissionOverride</c>: an override is itself an incentive here, so <c>id</c> and <c>incentive_id</c> are the same.
/// </summary>
public sealed record CommissionOverrideResponse(
    string Id,
    string IncentiveId,
    string IncentiveName,
    string IncentiveType,
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
    public static CommissionOverrideResponse From(Bridge.Core.Programs.Incentive incentive)
    {
        var i = Programs.IncentiveResponse.From(incentive);
        return new(i.Id, i.Id, i.Name, i.Type, i.Amount, i.IsPercentage, i.Currency, i.ApplyTo, i.ProductIds, i.ApprovalType,
            i.HoldPeriodDays, i.IncentiveLength, i.LengthValue, i.VariableCommission, i.VariableConfig);
    }
}

/// <summary>
/// POST /v1/affiliates (name, email, program_id required) and PUT /v1/affiliates/{id} (any subset; null clears group_id,
/// external_user_id and metadata). The SDK's update sends the partnership status as <c>status</c>; <c>partnership_status</c>
/// is accepted too.
/// </summary>
public sealed record AffiliateRequest(
    string? Name,
    string? Email,
    string? ProgramId,
    string? TrackingId,
    string? GroupId,
    string? Source,
    string? PartnershipStatus,
    string? Status,
    bool? OnboardingCompleted,
    string? ExternalUserId,
    JsonElement? Metadata)
{
    public string? NewStatus => PartnershipStatus ?? Status;
}
