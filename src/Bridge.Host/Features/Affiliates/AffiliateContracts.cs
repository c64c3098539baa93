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
    /// <summary>Present with <c>expand=commissionOverrides</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Programs.IncentiveResponse>? CommissionOverrides { get; init; }

    public static AffiliateResponse From(Affiliate a) => new(
        a.Id, a.Name, a.Email, a.TrackingId, a.Source, a.PartnershipStatus, a.OnboardingCompleted, a.ProgramId, a.GroupId,
        a.ExternalUserId, JsonText.Parse(a.MetadataJson), a.CreatedAt, a.UpdatedAt);
}

/// <summary>POST /v1/affiliates (name, email, program_id required) and PUT /v1/affiliates/{id} (any subset).</summary>
public sealed record AffiliateRequest(
    string? Name,
    string? Email,
    string? ProgramId,
    string? TrackingId,
    string? GroupId,
    string? Source,
    string? PartnershipStatus,
    bool? OnboardingCompleted,
    string? ExternalUserId,
    JsonElement? Metadata);
