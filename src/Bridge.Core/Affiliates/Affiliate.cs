namespace Bridge.Core.Affiliates;

public static class PartnershipStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    public static bool IsValid(string? value) => value is Pending or Approved or Rejected;
}

public sealed class Affiliate
{
    public string Id { get; init; } = "";
    public string TeamId { get; init; } = "";
    public string ProgramId { get; init; } = "";
    public string? GroupId { get; init; }
    public string Name { get; init; } = "";
    public string Email { get; init; } = "";
    public string TrackingId { get; init; } = "";
    public string Source { get; init; } = "direct";
    public string PartnershipStatus { get; init; } = Affiliates.PartnershipStatus.Pending;
    public bool OnboardingCompleted { get; init; }
    public string? ExternalUserId { get; init; }
    public string? MetadataJson { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed record AffiliateFilter(string? Status = null, string? GroupId = null, string? Search = null, DateTimeOffset? DateFrom = null, DateTimeOffset? DateTo = null);

public enum AffiliateWriteOutcome
{
    Saved,
    NotFound,
    DuplicateTrackingId,
    DuplicateEmail,
    UnknownGroup,
}
