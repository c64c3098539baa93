using Bridge.Providers.Paddle;

namespace Bridge.Providers.Tests.Paddle;

public sealed class PaddleProviderTests
{
    private readonly PaddleProvider _provider = new();

    [Fact]
    public void NameIsPaddle() => Assert.Equal("paddle", _provider.Name);

    [Fact]
    public void DefaultToleranceIsFiveMinutesNotTheSdksFiveSeconds() =>
        Assert.Equal(TimeSpan.FromSeconds(300), _provider.DefaultTolerance);

    [Fact]
    public void NotificationSecretIsAccepted() => Assert.Null(_provider.CheckSecret(PaddleTestKit.Secret));

    [Theory]
    [InlineData("", "the secret is empty")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "a Paddle notification secret starts with 'pdl_ntfset_' (Notifications → destination → secret key)")]
    [InlineData("ntfset_01hs0t3tw21j988db1pam5xg8m", "a Paddle notification secret starts with 'pdl_ntfset_' (Notifications → destination → secret key)")]
    [InlineData("PDL_NTFSET_01hs0t3tw21j988db1pam5xg8m_GrOWLNef", "a Paddle notification secret starts with 'pdl_ntfset_' (Notifications → destination → secret key)")]
    [InlineData("pdl_ntfset_", "the secret has nothing after 'pdl_ntfset_'")]
    [InlineData("pdl_ntfset_01hs0t3tw21j988db1pam5xg8m_GrOWLNef+vmtjJYq4mSnHNzvc8uWoJ1I\n", "the secret contains whitespace; paste it exactly as Paddle shows it")]
    public void MalformedSecretIsRefusedWithAReason(string secret, string reason) =>
        Assert.Equal(reason, _provider.CheckSecret(secret));

    [Fact]
    public void SignDoesNotDependOnTheEventId()
    {
        var body = Encoding.UTF8.GetBytes(PaddleTestKit.P1Body);
        var at = PaddleTestKit.At(PaddleTestKit.P1Timestamp);
        Assert.Equal(_provider.Sign(body, PaddleTestKit.Secret, at, "a"), _provider.Sign(body, PaddleTestKit.Secret, at, "b"));
    }

    [Fact]
    public void SignUsesWholeSecondsOfTheTimestamp()
    {
        var body = Encoding.UTF8.GetBytes(PaddleTestKit.P1Body);
        var at = PaddleTestKit.At(PaddleTestKit.P1Timestamp).AddMilliseconds(999);
        Assert.Equal($"ts={PaddleTestKit.P1Timestamp};h1={PaddleTestKit.P1Signature}",
            _provider.Sign(body, PaddleTestKit.Secret, at, "")["Paddle-Signature"]);
    }
}
