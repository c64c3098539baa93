using Bridge.Core.ApiKeys;
using Bridge.Core.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Api.Tests.Infrastructure;

/// <summary>
/// The real host over a real throwaway database (SQLite file or PostgreSQL database). Only outbound HTTP would be
/// replaced; auth, verification and the store are the production ones.
/// </summary>
public sealed class BridgeApplication(StoreOptions store, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public StoreOptions Store { get; } = store;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:Provider", Store.Dialect == Dialect.Postgres ? "postgres" : "sqlite");
        builder.UseSetting("ConnectionStrings:Bridge", Store.ConnectionString);
        builder.UseSetting("Demo:SeedOnStart", "false");
        builder.UseSetting("Api:RateLimit:PermitsPerMinute", "100000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        if (services is not null)
            builder.ConfigureServices(services);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A fresh team with its program, approved affiliate <c>partner123</c> and an all-scopes key.</summary>
    public async Task<TestTeam> CreateTeamAsync(string currency = "USD", decimal percent = 30m, IReadOnlyList<string>? scopes = null)
    {
        var provisioning = Get<TeamProvisioning>();
        var (team, program) = await provisioning.CreateTeamAsync($"team {Guid.NewGuid():N}", currency, percent);
        var affiliates = Get<Bridge.Core.Affiliates.AffiliateStore>();
        var (_, affiliate) = await affiliates.CreateAsync(new Bridge.Core.Affiliates.Affiliate
        {
            TeamId = team.Id,
            ProgramId = program.Id,
            Name = "Partner 123",
            Email = "partner123@example.com",
            TrackingId = "partner123",
            PartnershipStatus = Bridge.Core.Affiliates.PartnershipStatus.Approved,
        });
        var key = await Get<ApiKeyStore>().CreateAsync(team.Id, "test", scopes ?? ApiKeyScopes.All);
        return new TestTeam(this, team.Id, program.Id, affiliate!.Id, "partner123", key.PlainText);
    }

    /// <summary>An HttpClient that sends <c>Authorization: Bearer &lt;key&gt;</c> on every request.</summary>
    public HttpClient ClientWithKey(string? apiKey) => CreateDefaultClient(new BearerKeyHandler(apiKey));

    private sealed class BearerKeyHandler(string? apiKey) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (apiKey is not null)
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
            return base.SendAsync(request, ct);
        }
    }
}

public sealed record TestTeam(BridgeApplication App, string TeamId, string ProgramId, string AffiliateId, string TrackingId, string ApiKey)
{
    public HttpClient Client { get; } = App.ClientWithKey(ApiKey);

    /// <summary>POST /v1/clicks for this team's affiliate; returns the click (referral) id.</summary>
    public async Task<string> ClickAsync(string? ip = null)
    {
        var response = await Client.PostAsJsonAsync("/v1/clicks", new { programId = ProgramId, trackingId = TrackingId, ip });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["data"]!["id"]!.GetValue<string>();
    }

    /// <summary>A click that signed up: returns the referral id (the same id).</summary>
    public async Task<string> LeadAsync(string email = "jane@example.com", string? externalUserId = null)
    {
        var click = await ClickAsync();
        var response = await Client.PostAsJsonAsync("/v1/signups", new { click_id = click, email, external_user_id = externalUserId });
        response.EnsureSuccessStatusCode();
        return click;
    }
}

/// <summary>One application per store for a test class, started on first use and disposed with the class.</summary>
public sealed class BridgeApplications : IAsyncDisposable
{
    private readonly Dictionary<StoreKind, BridgeApplication> _apps = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<BridgeApplication> GetAsync(StoreKind kind, IReadOnlyDictionary<string, string?>? settings = null)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_apps.TryGetValue(kind, out var app))
            {
                app = new BridgeApplication(await TestStores.CreateAsync(kind), settings);
                _ = app.Server; // start the host: migrations run now
                _apps[kind] = app;
            }
            return app;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps.Values)
            await app.DisposeAsync();
    }
}
