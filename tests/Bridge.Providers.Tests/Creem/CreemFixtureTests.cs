using Bridge.Providers.Creem;
using Bridge.Providers.Tests.Fixtures;

namespace Bridge.Providers.Tests.Creem;

public sealed class CreemFixtureTests
{
    public static TheoryData<string> Cases => FixtureCases.Names("creem");

    [Theory]
    [MemberData(nameof(Cases))]
    public void FixtureSignsVerifiesAndMaps(string name) =>
        FixtureCases.SignVerifyAndMap(new CreemProvider(), name, CreemTestKit.Secret);

    [Theory]
    [MemberData(nameof(Cases))]
    public void FixtureSignedWithAnotherSecretIsRejected(string name) =>
        FixtureCases.WrongSecretIsRejected(new CreemProvider(), name, CreemTestKit.Secret, "whsec_another_secret");

    [Fact]
    public void FixturesCoverEveryMappedKind()
    {
        var kinds = CapturedEvent.Load([RepoPaths.FixturesOf("creem")])
            .SelectMany(captured => captured.Sidecar.Payments)
            .Select(payment => (string?)payment["kind"])
            .ToHashSet();
        Assert.Superset(new HashSet<string?> { "initial", "renewal", "refund", "dispute", "ignored" }, kinds);
    }

    [Fact]
    public void FirstPeriodSubscriptionPaidNamesTheCheckoutsPayment()
    {
        var checkout = MapFixture("checkout_completed_subscription");
        var firstPeriod = MapFixture("subscription_paid_first_period");
        Assert.Equal(checkout.ProviderPaymentId, firstPeriod.ProviderPaymentId);
        Assert.Equal(checkout.SubscriptionId, firstPeriod.SubscriptionId);
        Assert.Equal(checkout.AmountMinor, firstPeriod.AmountMinor);
    }

    [Theory]
    [InlineData("refund_created_full", "checkout_completed_one_time")]
    [InlineData("refund_created_partial", "subscription_paid_renewal")]
    [InlineData("dispute_created", "checkout_completed_subscription")]
    public void RefundsAndDisputesNameThePaymentTheyReferTo(string follower, string payment)
    {
        var paid = MapFixture(payment);
        var linked = MapFixture(follower);
        var paymentNames = paid.PaymentAliases.Append(paid.ProviderPaymentId!).ToHashSet();
        Assert.Contains(linked.ProviderPaymentId!, paymentNames);
        Assert.Equal(paid.Currency, linked.Currency);
    }

    private static PaymentEvent MapFixture(string name)
    {
        var body = File.ReadAllText(Path.Combine(RepoPaths.FixturesOf("creem"), name + ".json"));
        return CreemTestKit.SinglePayment(body);
    }
}
