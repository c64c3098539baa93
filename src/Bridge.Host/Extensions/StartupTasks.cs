using Bridge.Core.Demo;
using Bridge.Core.Teams;

namespace Bridge.Host.Extensions;

public static class StartupTasks
{
    /// <summary>
    /// Applies pending migrations, then — in Development, on a database with no team yet — seeds the demo team and logs
    /// its API key, so a newcomer can curl the API right away.
    /// </summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Bridge.Startup");
        var applied = await app.Services.GetRequiredService<Migrator>().MigrateAsync();
        var store = app.Services.GetRequiredService<StoreOptions>();
        logger.LogInformation("Store: {Dialect}; migrations applied now: {Applied}", store.Dialect, applied.Count == 0 ? "none (up to date)" : string.Join(", ", applied));

        if (!app.Environment.IsDevelopment() || !app.Configuration.GetValue("Demo:SeedOnStart", true))
            return;
        if (await app.Services.GetRequiredService<TeamStore>().FindByNameAsync(TeamProvisioning.DemoTeamName) is not null)
        {
            logger.LogInformation("Demo team exists. Print a fresh demo key with: dotnet run --project src/Bridge.Host -- seed-demo");
            return;
        }
        var seed = await app.Services.GetRequiredService<TeamProvisioning>().SeedDemoAsync();
        logger.LogWarning("""
            Demo data seeded (Development only).
              team       {TeamId}
              program    {ProgramId}
              affiliate  {AffiliateId} (tracking id {TrackingId})
              API key    {ApiKey}
            Try: curl -H "Authorization: Bearer {ApiKey2}" http://localhost:5080/v1/program
            """, seed.TeamId, seed.ProgramId, seed.AffiliateId, seed.TrackingId, seed.ApiKey, seed.ApiKey);
    }
}
