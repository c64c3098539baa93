using System.Diagnostics;

namespace Bridge.Bench;

/// <summary>A bombardier-style load loop over loopback: closed loop (N workers as fast as they can) or open loop (a fixed rate).</summary>
public sealed class LoadGenerator(HttpClient http)
{
    public sealed record Result(int Sent, int Ok, int Failed, TimeSpan Elapsed, double[] LatenciesMs, Dictionary<int, int> Statuses)
    {
        public double OkPerSecond => Ok / Elapsed.TotalSeconds;
        public double Percentile(double p) => LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)Math.Ceiling(p * LatenciesMs.Length) - 1)];
    }

    /// <summary><paramref name="workers"/> loops send requests made by <paramref name="next"/> (index → request) until <paramref name="total"/> are sent or time runs out.</summary>
    public async Task<Result> ClosedLoopAsync(Func<int, HttpRequestMessage> next, int workers, int total, TimeSpan limit)
    {
        // Each worker takes the next index, sends, and records the answer; it stops at the deadline or when all are sent.
        var results = new System.Collections.Concurrent.ConcurrentBag<(int Status, double Ms)>();
        var index = -1;
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var i = Interlocked.Increment(ref index);
                if (i >= total)
                    break;
                results.Add(await SendAsync(next(i)));
            }
        }));
        var elapsed = Stopwatch.GetElapsedTime(started);
        return Summarize(results.Select(r => r.Status).ToArray(), results.Select(r => r.Ms).ToArray(), elapsed);
    }

    /// <summary>Sends at a fixed rate (open loop: a slow answer does not delay the next send) for <paramref name="count"/> requests.</summary>
    public async Task<Result> FixedRateAsync(Func<int, HttpRequestMessage> next, int perSecond, int count)
    {
        var latencies = new double[count];
        var statuses = new int[count];
        var started = Stopwatch.GetTimestamp();
        var sends = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = started + (long)(i * (double)Stopwatch.Frequency / perSecond);
            while (Stopwatch.GetTimestamp() < due)
            {
                var wait = TimeSpan.FromSeconds((due - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
                if (wait > TimeSpan.FromMilliseconds(2))
                    await Task.Delay(wait - TimeSpan.FromMilliseconds(1));
                else
                    Thread.SpinWait(50);
            }
            var n = i;
            sends.Add(Task.Run(async () => (statuses[n], latencies[n]) = await SendAsync(next(n))));
        }
        await Task.WhenAll(sends);
        return Summarize(statuses, latencies, Stopwatch.GetElapsedTime(started));
    }

    private async Task<(int Status, double Ms)> SendAsync(HttpRequestMessage request)
    {
        var t = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return ((int)response.StatusCode, Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        catch (HttpRequestException)
        {
            return (0, Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        finally
        {
            request.Dispose();
        }
    }

    private static Result Summarize(int[] statuses, double[] latencies, TimeSpan elapsed)
    {
        var ok = statuses.Count(s => s is >= 200 and < 300);
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return new Result(statuses.Length, ok, statuses.Length - ok, elapsed, sorted, statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count()));
    }
}
