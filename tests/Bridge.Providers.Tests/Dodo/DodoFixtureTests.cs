using Bridge.Providers.Dodo;
using Bridge.Providers.Tests.Fixtures;

namespace Bridge.Providers.Tests.Dodo;

public sealed class DodoFixtureTests
{
    public static TheoryData<string> Cases => FixtureCases.Names("dodo");

    [Theory]
    [MemberData(nameof(Cases))]
    public void FixtureSignsVerifiesAndMapsAsItsSidecarSays(string name) =>
        FixtureCases.SignVerifyAndMap(new DodoProvider(), name, DodoTestWebhooks.Secret);

    [Theory]
    [MemberData(nameof(Cases))]
    public void FixtureSignedWithAnotherSecretIsRejected(string name) =>
        FixtureCases.WrongSecretIsRejected(new DodoProvider(), name, DodoTestWebhooks.Secret, DodoTestWebhooks.OtherSecret);

    [Fact]
    public void EveryCaseTheBriefAsksForHasAFixture()
    {
        var names = Cases.Select(row => row.Data).ToHashSet();
        string[] required =
        [
            "payment_succeeded_one_time", "payment_succeeded_subscription_first", "payment_succeeded_subscription_renewal",
            "payment_succeeded_subscription_renewal_without_checkout_field", "payment_succeeded_multiple_subscriptions",
            "refund_succeeded_full", "refund_succeeded_partial", "dispute_opened", "subscription_renewed", "payment_failed",
        ];
        Assert.All(required, name => Assert.Contains(name, names));
    }
}
