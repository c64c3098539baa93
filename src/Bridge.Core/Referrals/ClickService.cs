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

/// <summary>
/// Records clicks: a click is a referral in status <c>click</c>; its id goes into the <c>affonso_referral</c> cookie.
/// Clicks are high-frequency: the program and affiliate lookups are cached for <see cref="LookupTtl"/> (an affiliate's
/// approval or rejection reaches clicks within that), and inserts are group-committed — each click is still answered
/// only after its row is durable.
/// </summary>
public sealed class ClickService : IAsyncDisposable
{
    public static readonly TimeSpan LookupTtl = TimeSpan.FromSeconds(5);

    private readonly ProgramStore programs;
    private readonly AffiliateStore affiliates;
    private readonly TimeProvider clock;
    private readonly GroupCommit<Referral, bool> _writer;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string? Value, DateTimeOffset Until)> _lookups = new();

    public ClickService(BridgeDatabase database, ProgramStore programs, AffiliateStore affiliates, TimeProvider clock)
    {
        this.programs = programs;
        this.affiliates = affiliates;
        this.clock = clock;
        _writer = new GroupCommit<Referral, bool>(database, async (connection, transaction, click) =>
        {
            await ReferralStore.InsertAsync(connection, transaction, click);
            return true;
        });
    }

    /// <summary>Null when the program is not the team's or the affiliate is unknown or not approved in it.</summary>
    public async Task<Referral?> RecordAsync(string teamId, ClickInput input, CancellationToken ct = default)
    {
        var programId = await CachedAsync($"program|{teamId}", async () => (await programs.GetForTeamAsync(teamId, ct))?.Id);
        if (programId is null || programId != input.ProgramId)
            return null;
        var affiliateId = await CachedAsync($"affiliate|{teamId}|{programId}|{input.TrackingId}", async () =>
            await affiliates.FindByTrackingIdAsync(teamId, programId, input.TrackingId, ct) is { PartnershipStatus: PartnershipStatus.Approved } approved ? approved.Id : null);
        if (affiliateId is null)
            return null;

        var now = clock.GetUtcNow();
        var click = new Referral
        {
            Id = Id.New(IdPrefix.Referral, clock),
            TeamId = teamId,
            ProgramId = programId,
            AffiliateId = affiliateId,
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
        await _writer.SubmitAsync(click, ct);
        return click;
    }

    private async Task<string?> CachedAsync(string key, Func<Task<string?>> load)
    {
        var now = clock.GetUtcNow();
        if (_lookups.TryGetValue(key, out var hit) && hit.Until > now)
            return hit.Value;
        var value = await load();
        if (value is null)
            return null;
        if (_lookups.Count > 50_000)
            _lookups.Clear();
        _lookups[key] = (value, now + LookupTtl);
        return value;
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
