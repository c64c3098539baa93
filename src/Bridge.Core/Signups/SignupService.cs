using Bridge.Core.Affiliates;
using Bridge.Core.Programs;
using Bridge.Core.Referrals;

namespace Bridge.Core.Signups;

public sealed record SignupInput(string ClickId, string? Email, string? Name, string? ExternalUserId);

public enum SignupOutcome
{
    /// <summary>The click became a lead (or a rejected lead) now: 201.</summary>
    Created,

    /// <summary>The click had already signed up: the existing referral, 200.</summary>
    Existing,

    /// <summary>No such click for this team: 404.</summary>
    NotFound,
}

/// <summary>
/// POST /v1/signups: click → lead, once per click (idempotent under concurrency), with the program's tracking flags
/// (e-mail / name dropped when off) and fraud rules (flag in detect mode, status <c>rejected</c> in block mode).
/// </summary>
public sealed class SignupService(ReferralStore referrals, ProgramStore programs, AffiliateStore affiliates, DisposableDomains disposable, BridgeDatabase database, TimeProvider clock)
{
    public async Task<(SignupOutcome Outcome, Referral? Referral)> SignupAsync(string teamId, SignupInput input, CancellationToken ct = default)
    {
        var click = await referrals.GetAsync(teamId, input.ClickId, ct);
        if (click is null)
            return (SignupOutcome.NotFound, null);
        if (click.Status != ReferralStatus.Click)
            return (SignupOutcome.Existing, click);

        var program = await programs.GetForTeamAsync(teamId, ct) ?? throw new InvalidOperationException($"team {teamId} has no program");
        var affiliate = await affiliates.GetAsync(teamId, click.AffiliateId, ct);
        var rules = program.FraudRules;
        var ipLeads = click.Ip is null || rules.DuplicateIp == FraudMode.Off
            ? 0
            : await referrals.CountLeadsFromIpAsync(program.Id, click.Ip, clock.GetUtcNow().AddHours(-rules.DuplicateIpConfig.WindowHours), click.Id, ct);
        var findings = FraudCheck.Evaluate(rules, new SignupFacts(input.Email, affiliate?.Email, ipLeads), disposable);

        var tracking = program.Tracking;
        var (referral, created) = await referrals.SignupAsync(
            teamId,
            click.Id,
            FraudCheck.Blocks(findings) ? ReferralStatus.Rejected : ReferralStatus.Lead,
            tracking.TrackEmail ? input.Email?.Trim() : null,
            tracking.TrackName ? input.Name?.Trim() : null,
            input.ExternalUserId,
            FraudCheck.Flags(findings),
            ct,
            FraudCheck.Blocks(findings) ? null : (connection, transaction, lead) => LeadCommission.CreateAsync(connection, transaction, lead, database.IsPostgres, clock));
        if (referral is null)
            return (SignupOutcome.NotFound, null);
        return (created ? SignupOutcome.Created : SignupOutcome.Existing, referral);
    }
}
