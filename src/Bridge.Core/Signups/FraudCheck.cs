using Bridge.Core.Programs;

namespace Bridge.Core.Signups;

/// <summary>The facts a signup's fraud rules look at.</summary>
public sealed record SignupFacts(string? LeadEmail, string? AffiliateEmail, long LeadsFromSameIpInWindow);

/// <summary>A rule that tripped and the mode it is in.</summary>
public sealed record FraudFinding(string Rule, string Mode);

/// <summary>
/// The program's fraud rules applied to a signup (pure): <c>self_referral</c> (lead e-mail = affiliate e-mail),
/// <c>disposable_email</c> (domain on the shipped list), <c>duplicate_ip</c> (at least <c>threshold</c> other leads from
/// the same IP within <c>window_hours</c>). Rules in <c>detect</c> flag the referral; any rule in <c>block</c> rejects it.
/// </summary>
public static class FraudCheck
{
    public static IReadOnlyList<FraudFinding> Evaluate(FraudRules rules, SignupFacts facts, DisposableDomains disposable)
    {
        var findings = new List<FraudFinding>();
        if (rules.SelfReferral != FraudMode.Off && facts.LeadEmail is not null && facts.AffiliateEmail is not null
            && string.Equals(facts.LeadEmail.Trim(), facts.AffiliateEmail.Trim(), StringComparison.OrdinalIgnoreCase))
            findings.Add(new FraudFinding("self_referral", rules.SelfReferral));
        if (rules.DisposableEmail != FraudMode.Off && facts.LeadEmail is not null && disposable.IsDisposable(facts.LeadEmail))
            findings.Add(new FraudFinding("disposable_email", rules.DisposableEmail));
        if (rules.DuplicateIp != FraudMode.Off && facts.LeadsFromSameIpInWindow >= rules.DuplicateIpConfig.Threshold)
            findings.Add(new FraudFinding("duplicate_ip", rules.DuplicateIp));
        return findings;
    }

    public static bool Blocks(IReadOnlyList<FraudFinding> findings) => findings.Any(finding => finding.Mode == FraudMode.Block);

    public static string? Flags(IReadOnlyList<FraudFinding> findings) =>
        findings.Count == 0 ? null : string.Join(' ', findings.Select(finding => finding.Rule));
}
