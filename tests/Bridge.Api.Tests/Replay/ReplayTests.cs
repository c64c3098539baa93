namespace Bridge.Api.Tests.Replay;

/// <summary>
/// Every provider's captured fixtures, replayed by the <c>replay</c> verb against a running bridge on both stores — in
/// order, and shuffled with repeats — become exactly what their sidecars say (<c>--expect</c>); forged ones are refused.
/// </summary>
public sealed class ReplayTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    public static TheoryData<StoreKind, string> Cases()
    {
        var data = new TheoryData<StoreKind, string>();
        foreach (var kind in new[] { StoreKind.Sqlite, StoreKind.Postgres })
            foreach (var provider in ReplayKit.Secrets.Keys)
                data.Add(kind, provider);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task FixturesReplayedInOrderBecomeWhatTheirSidecarsSay(StoreKind kind, string provider)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var connection = await team.ConnectAsync(provider, ReplayKit.Secrets[provider]);
        var fixtures = Directory.GetFiles(RepoPaths.FixturesOf(provider), "*.json").Count(f => !f.EndsWith(".expect.json", StringComparison.Ordinal));

        var (exit, summary, output) = await ReplayKit.ReplayAsync(app, team, connection, provider, "--expect");
        Assert.True(exit == 0, output);
        Assert.Equal(fixtures, summary["sent"]!.GetValue<int>());
        Assert.Equal(fixtures, summary["accepted"]!.GetValue<int>());
        Assert.Equal(fixtures, summary["expectations_checked"]!.GetValue<int>());
        Assert.Empty(summary["expectation_failures"]!.AsArray());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task FixturesReplayedShuffledThreeTimesEachStillMatchAndDuplicatesAreAcknowledged(StoreKind kind, string provider)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var connection = await team.ConnectAsync(provider, ReplayKit.Secrets[provider]);
        var fixtures = Directory.GetFiles(RepoPaths.FixturesOf(provider), "*.json").Count(f => !f.EndsWith(".expect.json", StringComparison.Ordinal));

        var (exit, summary, output) = await ReplayKit.ReplayAsync(app, team, connection, provider, "--shuffle", "--seed", "20261127", "--repeat", "3", "--expect");
        Assert.True(exit == 0, output);
        Assert.Equal(3 * fixtures, summary["sent"]!.GetValue<int>());
        Assert.Equal(fixtures, summary["accepted"]!.GetValue<int>());
        Assert.Equal(2 * fixtures, summary["duplicates"]!.GetValue<int>());
        Assert.Empty(summary["expectation_failures"]!.AsArray());
        Assert.Equal(20261127, summary["seed"]!.GetValue<int>());
    }

    [Theory, BothStores]
    public async Task ReplaySignedWithTheWrongSecretIsRefusedAndExitsNonZero(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync();
        var connection = await team.ConnectAsync("polar", "polar_whs_the_real_secret");
        var (exit, summary, _) = await ReplayKit.ReplayAsync(app, team, connection, "polar");
        Assert.Equal(1, exit);
        Assert.Equal(0, summary["accepted"]!.GetValue<int>());
        Assert.Equal(summary["sent"]!.GetValue<int>(), summary["rejected"]!.GetValue<int>());
        Assert.Contains("no signature matches", summary["failures"]![0]!["reason"]!.GetValue<string>());
    }
}
