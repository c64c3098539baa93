using Bridge.Core.ApiKeys;
using Bridge.Core.Demo;
using Bridge.Core.Teams;
using Bridge.Host.Extensions;

namespace Bridge.Host.Cli;

/// <summary>
/// The host's verbs (<c>dotnet run --project src/Bridge.Host -- VERB</c>). Each runs against the configured store and
/// exits; output meant for scripts goes to stdout (JSON with <c>--json</c>), diagnostics to stderr.
/// </summary>
public static class BridgeCli
{
    private static readonly Dictionary<string, Func<CliContext, Task<int>>> Verbs = new(StringComparer.Ordinal)
    {
        ["migrate"] = Migrate,
        ["seed-demo"] = SeedDemo,
        ["keys"] = Keys,
        ["teams"] = Teams,
        ["connections"] = PipelineVerbs.Connections,
        ["events"] = PipelineVerbs.Events,
        ["capture"] = PipelineVerbs.Capture,
        ["webhooks"] = PipelineVerbs.Webhooks,
        ["replay"] = Replay.ReplayCommand.RunAsync,
        ["help"] = Help,
    };

    /// <summary>Options that take no value.</summary>
    private static readonly HashSet<string> Flags = ["json", "shuffle", "expect", "from-inbox", "mask", "off"];

    /// <summary>Verbs that need no local database (replay sends to a bridge over HTTP).</summary>
    private static readonly HashSet<string> Storeless = ["help", "replay"];

    public static bool IsCommand(string[] args) => args.Length > 0 && (Verbs.ContainsKey(args[0]) || args[0] is "--help" or "-h");

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, Action<IHostApplicationBuilder>? configure = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var verb = args[0] is "--help" or "-h" ? "help" : args[0];
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.ClearProviders();
        configure?.Invoke(builder);
        builder.AddBridgeServices();
        builder.Services.AddSingleton<Bridge.Host.Features.Connections.WebhookUrls>();
        using var host = builder.Build();
        var context = new CliContext(host.Services, new CliArgs(args.Skip(1).ToList(), Flags), stdout, stderr);
        try
        {
            if (!Storeless.Contains(verb))
                await host.Services.GetRequiredService<Migrator>().MigrateAsync();
            return await Verbs[verb](context);
        }
        catch (CliUsageException usage)
        {
            await stderr.WriteLineAsync($"error: {usage.Message}");
            await stderr.WriteLineAsync("run with --help to see the verbs");
            return 2;
        }
    }

    private static async Task<int> Migrate(CliContext c)
    {
        // RunAsync migrated already; report the state.
        var pending = await c.Get<Migrator>().PendingAsync();
        await c.Out.WriteLineAsync(pending.Count == 0 ? $"schema up to date ({c.Get<StoreOptions>().Dialect})" : $"pending: {string.Join(", ", pending)}");
        return pending.Count == 0 ? 0 : 1;
    }

    private static async Task<int> SeedDemo(CliContext c)
    {
        var seed = await c.Get<TeamProvisioning>().SeedDemoAsync();
        if (c.Args.Has("json"))
        {
            await c.Out.WriteLineAsync(JsonSerializer.Serialize(new
            {
                team_id = seed.TeamId, program_id = seed.ProgramId, affiliate_id = seed.AffiliateId, tracking_id = seed.TrackingId, api_key = seed.ApiKey,
            }));
            return 0;
        }
        await c.Out.WriteLineAsync(seed.Created ? "Demo data created." : "Demo data already present; issued a new demo API key.");
        await c.Out.WriteLineAsync($"team_id      {seed.TeamId}\nprogram_id   {seed.ProgramId}\naffiliate_id {seed.AffiliateId}\ntracking_id  {seed.TrackingId}\napi_key      {seed.ApiKey}");
        await c.Out.WriteLineAsync("The key is shown once; store it now.");
        return 0;
    }

    private static async Task<int> Keys(CliContext c)
    {
        if (c.Args.Words.FirstOrDefault() != "create")
            throw new CliUsageException("usage: keys create --team <team id or name> [--scopes a,b] [--name N] [--json]");
        var team = await c.Get<TeamStore>().FindAsync(c.Args.Require("team")) ?? throw new CliUsageException($"no team '{c.Args.Get("team")}'");
        var scopes = ApiKeyScopes.Parse(c.Args.Get("scopes"), out var unknown);
        if (unknown.Count > 0)
            throw new CliUsageException($"unknown scopes: {string.Join(", ", unknown)} (known: {string.Join(", ", ApiKeyScopes.All)})");
        var created = await c.Get<ApiKeyStore>().CreateAsync(team.Id, c.Args.Get("name") ?? "cli", scopes);
        if (c.Args.Has("json"))
            await c.Out.WriteLineAsync(JsonSerializer.Serialize(new { id = created.Key.Id, team_id = team.Id, scopes, api_key = created.PlainText }));
        else
            await c.Out.WriteLineAsync($"{created.PlainText}\n(key {created.Key.Id} for team {team.Id}; scopes: {string.Join(' ', scopes)}; shown once)");
        return 0;
    }

    private static async Task<int> Teams(CliContext c)
    {
        if (c.Args.Words.FirstOrDefault() != "create")
            throw new CliUsageException("usage: teams create --name N [--currency USD] [--commission 30] [--json]");
        var currency = Currencies.Normalize(c.Args.Get("currency") ?? "USD") ?? throw new CliUsageException("--currency must be a 3-letter ISO code");
        if (!decimal.TryParse(c.Args.Get("commission") ?? "30", System.Globalization.CultureInfo.InvariantCulture, out var percent) || percent is < 0 or > 100)
            throw new CliUsageException("--commission must be a percentage between 0 and 100");
        var (team, program) = await c.Get<TeamProvisioning>().CreateTeamAsync(c.Args.Require("name"), currency, percent);
        if (c.Args.Has("json"))
            await c.Out.WriteLineAsync(JsonSerializer.Serialize(new { team_id = team.Id, program_id = program.Id }));
        else
            await c.Out.WriteLineAsync($"team_id    {team.Id}\nprogram_id {program.Id}\nNext: keys create --team {team.Id}");
        return 0;
    }

    private static async Task<int> Help(CliContext c)
    {
        await c.Out.WriteLineAsync("""
            Affonso Bridge — dotnet run --project src/Bridge.Host -- <verb>
              (no verb)                      serve the API on http://localhost:5080 (--urls / ASPNETCORE_URLS to change)
              migrate                        apply pending database migrations
              seed-demo [--json]             create the demo team, program and affiliate partner123; print a new API key
              teams create --name N [--currency USD] [--commission 30] [--json]
              keys create --team T [--scopes a,b] [--name N] [--json]
              connections add --provider P --secret S [--secondary-secret S2] [--mode live|test] [--name N] [--team T] [--json]
              connections list [--team T] [--json]
              events list [--status S] [--provider P] [--limit N] [--team T] [--json]
              events show <inbound event id> [--team T]
              events redrive <inbound event id> | --status failed|parked|ignored [--team T]
              webhooks add --url U --events a,b [--description D] [--json]   an outbound endpoint; prints its whsec_ secret once
              webhooks list
              capture --connection C --dir FOLDER [--mask] | --connection C --off
                                             write each verified delivery of the connection as a fixture (body + sidecar)
              replay <file|folder…> --url U --connection C --secret S [--rate N] [--shuffle [--seed S]] [--repeat K]
                     [--expect --api-key K] [--json]   re-sign captured events as their provider would and send them
              replay --from-inbox [--status failed] [--provider P] --url U --connection C --secret S
                                             send this bridge's stored events to another bridge (same sending path)
            --team takes a team id or name; it may be left out when there is exactly one team.
            """);
        return 0;
    }
}

public sealed record CliContext(IServiceProvider Services, CliArgs Args, TextWriter Out, TextWriter Error)
{
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();
}
