namespace Bridge.Host.Processing;

/// <summary>Inbox worker settings (section <c>Inbox</c>).</summary>
public sealed class InboxOptions
{
    /// <summary>Concurrent worker loops in this instance.</summary>
    public int Workers { get; set; } = 2;

    public int BatchSize { get; set; } = 32;

    /// <summary>How long a claim is held before another worker may take the event over (a crashed worker's events).</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Polling interval when idle (events stored by other instances are picked up within this).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts before an event that keeps throwing is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; doubles per attempt, capped by <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an event that refers to something not seen yet keeps waiting before it fails.</summary>
    public TimeSpan ParkingWindow { get; set; } = TimeSpan.FromHours(72);

    /// <summary>How often a parked event is retried by the sweep (it also wakes at once when what it waits for arrives).</summary>
    public TimeSpan ParkedRetryInterval { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan RetryDelayFor(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, RetryDelay.Ticks * (1L << Math.Clamp(attempt - 1, 0, 30))));
}
