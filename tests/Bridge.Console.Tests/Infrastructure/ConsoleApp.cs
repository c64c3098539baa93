using Bridge.Core.Affiliates;
using Bridge.Core.ApiKeys;
using Bridge.Core.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Console.Tests.Infrastructure;

/// <summary>
/// The real host on a real loopback port (Kestrel, so a browser can reach it) over a throwaway SQLite file. Parking is
/// cut to one second and the sweeps run every second, so a renewal whose first payment never came fails quickly; an
/// outbound delivery gets one retry a second later. Outbound HTTP goes to <see cref="Receiver"/>, nothing else is replaced.
/// </summary>
public sealed class ConsoleApp : WebApplicationFactory<Program>
{
    public ConsoleApp(StoreOptions store)
    {
        Store = store;
        UseKestrel();
    }

    public StoreOptions Store { get; }

    /// <summary>Where the bridge's outbound webhooks go.</summary>
    public MerchantReceiver Receiver { get; } = new();

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<ConsoleApp> StartAsync()
    {
        var app = new ConsoleApp(await TestStores.CreateAsync(StoreKind.Sqlite));
        app.StartServer();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Storage:Provider", "sqlite");
        builder.UseSetting("ConnectionStrings:Bridge", Store.ConnectionString);
        builder.UseSetting("Demo:SeedOnStart", "false");
        builder.UseSetting("Inbox:ParkingWindow", "00:00:01");
        builder.UseSetting("Jobs:IntervalSeconds", "1");
        builder.UseSetting("Outbound:IntervalSeconds", "1");
        builder.UseSetting("Outbound:RetrySchedule:0", "00:00:01");
        builder.ConfigureServices(services => services.AddHttpClient(Bridge.Host.Features.Outbound.OutboundDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => Receiver));
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A fresh team with its program, approved affiliate <c>partner123</c> and a key with <paramref name="scopes"/> (default: all).</summary>
    public async Task<ConsoleTeam> CreateTeamAsync(IReadOnlyList<string>? scopes = null)
    {
        var (team, program) = await Get<TeamProvisioning>().CreateTeamAsync($"team {Guid.NewGuid():N}", "USD", 30m);
        await Get<AffiliateStore>().CreateAsync(new Affiliate
        {
            TeamId = team.Id,
            ProgramId = program.Id,
            Name = "Partner 123",
            Email = "partner123@example.com",
            TrackingId = "partner123",
            PartnershipStatus = PartnershipStatus.Approved,
        });
        var key = await Get<ApiKeyStore>().CreateAsync(team.Id, "console test", scopes ?? ApiKeyScopes.All);
        return new ConsoleTeam(this, team.Id, program.Id, key.PlainText);
    }

    /// <summary>Disables a key the way an operator would through the API (the console session must end with it).</summary>
    public async Task DisableKeyAsync(string teamId, string plainKey)
    {
        var keys = Get<ApiKeyStore>();
        var key = await keys.FindByPlainTextAsync(plainKey, TestContext.Current.CancellationToken);
        Assert.True(await keys.DisableAsync(teamId, key!.Id, TestContext.Current.CancellationToken));
    }

    /// <summary>Another key for an existing team.</summary>
    public async Task<string> CreateKeyAsync(string teamId, IReadOnlyList<string> scopes) =>
        (await Get<ApiKeyStore>().CreateAsync(teamId, "console test", scopes)).PlainText;
}
