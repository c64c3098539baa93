using Bridge.Host.Cli;
using Bridge.Host.Replay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Api.Tests.Replay;

/// <summary>Runs the host's CLI verbs in-process; replays go to the test server instead of the network.</summary>
public static class ReplayKit
{
    /// <summary>A signing secret each provider's adapter accepts.</summary>
    public static readonly IReadOnlyDictionary<string, string> Secrets = new Dictionary<string, string>
    {
        ["stripe"] = "whsec_replay_tests_0123456789",
        ["polar"] = "polar_whs_replay_tests",
        ["paddle"] = "pdl_ntfset_01replaytests_Zm9vYmFy",
        ["dodo"] = "whsec_ZG9kby10ZXN0LWtleS0wMTIzNDU2Nzg5YWJjZGVmISE=",
        ["creem"] = "whsec_creem_replay_tests",
    };

    public static async Task<(int ExitCode, string Output)> RunCliAsync(BridgeApplication app, params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await BridgeCli.RunAsync(args, output, errors, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = app.Store.Dialect == Dialect.Postgres ? "postgres" : "sqlite",
                ["ConnectionStrings:Bridge"] = app.Store.ConnectionString,
            });
            builder.Services.AddSingleton(new ReplayTransport(() => app.CreateClient()));
        });
        return (exit, output + errors.ToString());
    }

    public static async Task<(int ExitCode, JsonObject Summary, string Output)> ReplayAsync(BridgeApplication app, TestTeam team, string connection, string provider, params string[] extra)
    {
        var (exit, output) = await RunCliAsync(app, ["replay", RepoPaths.FixturesOf(provider), "--url", "http://localhost", "--connection", connection,
            "--secret", Secrets[provider], "--api-key", team.ApiKey, "--json", .. extra]);
        var lastLine = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(line => line.TrimStart().StartsWith('{'));
        return (exit, JsonNode.Parse(lastLine)!.AsObject(), output);
    }
}
