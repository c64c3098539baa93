using Bridge.Core.Programs;
using Bridge.Core.Signups;

namespace Bridge.Core.Tests.Signups;

public sealed class FraudCheckTests
{
    private static readonly DisposableDomains Disposable = new(["throwaway.test"]);

    [Fact]
    public void SelfReferralTripsWhenLeadEmailIsTheAffiliatesIgnoringCase()
    {
        var findings = FraudCheck.Evaluate(new FraudRules(), new SignupFacts("Partner@Example.com", "partner@example.com", 0), Disposable);
        Assert.Equal([new FraudFinding("self_referral", FraudMode.Detect)], findings);
    }

    [Theory]
    [InlineData("x@mailinator.com")]
    [InlineData("x@eu.mailinator.com")]
    [InlineData("x@THROWAWAY.test")]
    public void DisposableDomainsAndTheirSubdomainsTrip(string email)
    {
        var findings = FraudCheck.Evaluate(new FraudRules(), new SignupFacts(email, "a@b.com", 0), Disposable);
        Assert.Contains(new FraudFinding("disposable_email", FraudMode.Detect), findings);
    }

    [Fact]
    public void DuplicateIpTripsAtTheThreshold()
    {
        var rules = new FraudRules { DuplicateIp = FraudMode.Block };
        Assert.Empty(FraudCheck.Evaluate(rules, new SignupFacts("a@real.com", "b@real.com", 2), Disposable));
        var findings = FraudCheck.Evaluate(rules, new SignupFacts("a@real.com", "b@real.com", 3), Disposable);
        Assert.True(FraudCheck.Blocks(findings));
    }

    [Fact]
    public void RulesTurnedOffNeverTrip()
    {
        var rules = new FraudRules { SelfReferral = FraudMode.Off, DisposableEmail = FraudMode.Off, DuplicateIp = FraudMode.Off };
        Assert.Empty(FraudCheck.Evaluate(rules, new SignupFacts("a@mailinator.com", "a@mailinator.com", 99), Disposable));
    }

    [Fact]
    public void DetectFlagsButDoesNotBlock()
    {
        var findings = FraudCheck.Evaluate(new FraudRules(), new SignupFacts("a@mailinator.com", "b@real.com", 0), Disposable);
        Assert.False(FraudCheck.Blocks(findings));
        Assert.Equal("disposable_email", FraudCheck.Flags(findings));
    }

    [Fact]
    public void ShippedListIsLoaded() => Assert.True(new DisposableDomains().Count > 50);
}
