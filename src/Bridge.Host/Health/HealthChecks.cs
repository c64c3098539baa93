using Bridge.Host.Processing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Bridge.Host.Health;

/// <summary>The database answers a trivial query.</summary>
public sealed class DatabaseHealthCheck(BridgeDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        await database.PingAsync(ct)
            ? HealthCheckResult.Healthy($"{database.Dialect} reachable")
            : HealthCheckResult.Unhealthy($"{database.Dialect} unreachable");
}

/// <summary>Every migration this build knows is recorded in the database.</summary>
public sealed class MigrationsHealthCheck(Migrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var pending = await migrator.PendingAsync(ct);
            return pending.Count == 0
                ? HealthCheckResult.Healthy("up to date")
                : HealthCheckResult.Unhealthy($"pending: {string.Join(", ", pending.Select(v => v.ToString("0000", System.Globalization.CultureInfo.InvariantCulture)))}");
        }
        catch (Exception ex) when (BridgeDatabase.IsUnavailable(ex))
        {
            return HealthCheckResult.Unhealthy("cannot read schema_version: the database is unreachable");
        }
    }
}

/// <summary>
/// The inbox worker completed a loop recently (<c>Health:WorkerStaleAfter</c>, default: the claim lease). Not required
/// when this instance runs no worker (<c>Inbox:Enabled=false</c>).
/// </summary>
public sealed class InboxWorkerHealthCheck(IServiceProvider services, IConfiguration configuration, IOptions<InboxOptions> inbox, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!configuration.GetValue("Inbox:Enabled", true))
            return Task.FromResult(HealthCheckResult.Healthy("disabled in this instance (Inbox:Enabled=false)"));
        var worker = services.GetRequiredService<InboxWorker>();
        var staleAfter = configuration.GetValue<TimeSpan?>("Health:WorkerStaleAfter") ?? inbox.Value.ClaimLease;
        if (worker.LastHeartbeat == DateTimeOffset.MinValue)
            return Task.FromResult(HealthCheckResult.Unhealthy("not started yet"));
        var age = clock.GetUtcNow() - worker.LastHeartbeat;
        return Task.FromResult(age <= staleAfter
            ? HealthCheckResult.Healthy($"last loop {age.TotalSeconds:0.#} s ago")
            : HealthCheckResult.Unhealthy($"no loop for {age.TotalSeconds:0} s (stale after {staleAfter.TotalSeconds:0} s)"));
    }
}

/// <summary>Not ready once shutdown began, so a load balancer stops sending new work while in-flight requests drain.</summary>
public sealed class ShutdownHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("shutting down")
            : HealthCheckResult.Healthy("running"));
}
