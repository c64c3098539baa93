using Bridge.Core.Affiliates;
using Bridge.Core.Programs;

namespace Bridge.Core.Referrals;

/// <summary>What POST /v1/clicks records (the affiliate traffic that landed).</summary>
public sealed record ClickInput
{
    public required string ProgramId { get; init; }
    public required string TrackingId { get; init; }
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
    public DateTimeOffset? CreatedAt { get; init; }
}

/// <summary>Records clicks: a click is a referral in status <c>click</c>; its id goes into the <c>affonso_referral</c> cookie.</summary>
public sealed class ClickService(ProgramStore programs, AffiliateStore affiliates, ReferralStore referrals, TimeProvider clock)
{
    /// <summary>Null when the program is not the team's or the affiliate is unknown or not approved in it.</summary>
    public async Task<Referral?> RecordAsync(string teamId, ClickInput input, CancellationToken ct = default)
    {
        var program = await programs.GetForTeamAsync(teamId, ct);
        if (program is null || program.Id != input.ProgramId)
            return null;
        var affiliate = await affiliates.FindByTrackingIdAsync(teamId, program.Id, input.TrackingId, ct);
        if (affiliate is null || affiliate.PartnershipStatus != PartnershipStatus.Approved)
            return null;

        var now = clock.GetUtcNow();
        var click = new Referral
        {
            Id = Id.New(IdPrefix.Referral, clock),
            TeamId = teamId,
            ProgramId = program.Id,
            AffiliateId = affiliate.Id,
            Status = ReferralStatus.Click,
            Sub1 = input.Sub1, Sub2 = input.Sub2, Sub3 = input.Sub3, Sub4 = input.Sub4, Sub5 = input.Sub5,
            Referrer = input.Referrer,
            Ip = input.Ip,
            UserAgent = input.UserAgent,
            UtmSource = input.UtmSource, UtmMedium = input.UtmMedium, UtmCampaign = input.UtmCampaign,
            UtmTerm = input.UtmTerm, UtmContent = input.UtmContent,
            Gclid = input.Gclid, Fbclid = input.Fbclid, Msclkid = input.Msclkid, Ttclid = input.Ttclid,
            CreatedAt = input.CreatedAt ?? now,
            UpdatedAt = now,
        };
        await referrals.InsertAsync(click, ct);
        return click;
    }
}
