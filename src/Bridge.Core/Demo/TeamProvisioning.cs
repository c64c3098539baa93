using Bridge.Core.Affiliates;
using Bridge.Core.ApiKeys;
using Bridge.Core.Programs;
using Bridge.Core.Teams;

namespace Bridge.Core.Demo;

/// <summary>What <c>seed-demo</c> prints (and <c>--json</c> writes as one object).</summary>
public sealed record DemoSeed(string TeamId, string ProgramId, string AffiliateId, string TrackingId, string ApiKey, bool Created);

/// <summary>Creates teams with their program and default incentive; seeds the demo team.</summary>
public sealed class TeamProvisioning(TeamStore teams, ProgramStore programs, AffiliateStore affiliates, ApiKeyStore keys)
{
    public const string DemoTeamName = "Affonso Bridge demo";
    public const string DemoTrackingId = "partner123";

    /// <summary>A team with its program; the default group pays <paramref name="percent"/> % of every payment, for life.</summary>
    public async Task<(Team Team, ProgramRecord Program)> CreateTeamAsync(string name, string currency, decimal percent, CancellationToken ct = default)
    {
        var team = await teams.CreateAsync(name, currency, ct);
        var program = await programs.CreateAsync(team.Id, name, team.Currency, PercentLifetime(percent), ct);
        return (team, program);
    }

    /// <summary>
    /// Idempotent: the demo team, its program (30 % recurring, lifetime) and approved affiliate <c>partner123</c> are
    /// created once. A key can only be shown when it is created, so every call issues a new demo key.
    /// </summary>
    public async Task<DemoSeed> SeedDemoAsync(CancellationToken ct = default)
    {
        var created = false;
        var team = await teams.FindByNameAsync(DemoTeamName, ct);
        ProgramRecord? program;
        if (team is null)
        {
            (team, program) = await CreateTeamAsync(DemoTeamName, "USD", 30m, ct);
            created = true;
        }
        else
        {
            program = await programs.GetForTeamAsync(team.Id, ct) ?? await programs.CreateAsync(team.Id, DemoTeamName, team.Currency, PercentLifetime(30m), ct);
        }

        var affiliate = await affiliates.FindByTrackingIdAsync(team.Id, program.Id, DemoTrackingId, ct);
        if (affiliate is null)
        {
            (_, affiliate) = await affiliates.CreateAsync(new Affiliate
            {
                TeamId = team.Id,
                ProgramId = program.Id,
                Name = "Partner 123",
                Email = "partner123@example.com",
                TrackingId = DemoTrackingId,
                PartnershipStatus = PartnershipStatus.Approved,
                OnboardingCompleted = true,
            }, ct);
        }

        var key = await keys.CreateAsync(team.Id, "demo", ApiKeyScopes.All, ct: ct);
        return new DemoSeed(team.Id, program.Id, affiliate!.Id, DemoTrackingId, key.PlainText, created);
    }

    public static Incentive PercentLifetime(decimal percent) => new()
    {
        Name = $"{percent:0.##}% recurring",
        Type = IncentiveType.Sale,
        IsPercentage = true,
        RatePpm = (long)(percent * Incentive.PpmPerPercent),
        IncentiveLength = IncentiveLength.Lifetime,
        ApprovalType = ApprovalType.Automatic,
    };
}
