using System.Threading.RateLimiting;

namespace Bridge.Host.RateLimiting;

/// <summary>
/// A fixed window aligned to wall-clock minutes, so <c>X-RateLimit-Reset</c> (the next minute boundary as a Unix
/// timestamp) and <c>X-RateLimit-Remaining</c> are exact. No queueing: over the limit is refused at once.
/// </summary>
public sealed class MinuteWindowLimiter(int permitsPerMinute, TimeProvider clock) : RateLimiter
{
    private readonly Lock _gate = new();
    private long _windowMinute = -1;
    private int _used;
    private long _lastUsedTicks = clock.GetTimestamp();

    public int PermitsPerMinute => permitsPerMinute;

    public static long ResetAt(DateTimeOffset now) => (now.ToUnixTimeSeconds() / 60 + 1) * 60;

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
                return clock.GetElapsedTime(_lastUsedTicks) > TimeSpan.FromMinutes(2) ? clock.GetElapsedTime(_lastUsedTicks) : null;
        }
    }

    public override RateLimiterStatistics GetStatistics()
    {
        lock (_gate)
        {
            Roll();
            return new RateLimiterStatistics { CurrentAvailablePermits = permitsPerMinute - _used };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            Roll();
            _lastUsedTicks = clock.GetTimestamp();
            if (_used + permitCount <= permitsPerMinute)
            {
                _used += permitCount;
                return Lease.Granted;
            }
            var retryAfter = TimeSpan.FromSeconds(Math.Max(1, ResetAt(clock.GetUtcNow()) - clock.GetUtcNow().ToUnixTimeSeconds()));
            return new Lease(false, retryAfter);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Roll()
    {
        var minute = clock.GetUtcNow().ToUnixTimeSeconds() / 60;
        if (minute != _windowMinute)
        {
            _windowMinute = minute;
            _used = 0;
        }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
