using Bridge.Core.Commissions;
using Bridge.Core.Inbox;
using Bridge.Host.Processing;
using Quartz;

namespace Bridge.Host.Jobs;

/// <summary>Retries parked inbound events whose retry time came (their parking window is enforced by the processor).</summary>
[DisallowConcurrentExecution]
public sealed class ParkedEventsJob(InboxStore inbox, InboxSignal signal) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (await inbox.ResumeParkedAsync(cancellationToken) > 0)
            signal.Notify();
    }
}

/// <summary>Moves commissions whose hold period ended to ready_for_payment / pending_manual_approval.</summary>
[DisallowConcurrentExecution]
public sealed class CommissionHoldJob(HoldRelease holds) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await holds.RunOnceAsync(cancellationToken);
}

public static class BridgeJobsRegistration
{
    /// <summary>Quartz with an in-memory schedule: the jobs are sweeps over tables, safe to run on every instance.</summary>
    public static IServiceCollection AddBridgeJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var every = configuration.GetValue("Jobs:IntervalSeconds", 30);
        services.AddQuartz(quartz =>
        {
            AddEvery<ParkedEventsJob>(quartz, every);
            AddEvery<CommissionHoldJob>(quartz, every);
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }

    private static void AddEvery<TJob>(IQuartzBuilder quartz, int seconds) where TJob : class, IJob
    {
        var key = new JobKey(typeof(TJob).Name);
        quartz.AddJob<TJob>(job => job.WithIdentity(key));
        quartz.AddTrigger(trigger => trigger.ForJob(key).StartNow().WithSimpleSchedule(TimeSpan.FromSeconds(seconds)));
    }
}
