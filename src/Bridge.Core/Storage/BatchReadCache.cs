namespace Bridge.Core.Storage;

/// <summary>
/// Reference data the engine reads for every payment — the incentive that applies to an affiliate, a program's
/// commission base, a team's outbound endpoints — read at most once per inbox batch. A batch applies its events in one
/// transaction that never changes that data, so the first read stands for the batch (a change committed meanwhile by
/// another transaction is seen from the next batch on, as if this batch had started a little earlier). Outside a
/// batch — every API call — each read goes to the database.
/// </summary>
public sealed class BatchReadCache
{
    private static readonly AsyncLocal<BatchReadCache?> Current = new();
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts caching for the rest of the calling async flow: call it inside the batch's transaction callback, and the
    /// cache ends with that callback (an async method's changes to an <see cref="AsyncLocal{T}"/> don't reach its caller).
    /// </summary>
    public static void BeginForThisFlow() => Current.Value = new BatchReadCache();

    public static async Task<T> GetOrReadAsync<T>(string key, Func<Task<T>> read)
    {
        if (Current.Value is not { } cache)
            return await read();
        if (cache._values.TryGetValue(key, out var known))
            return (T)known!;
        var value = await read();
        cache._values[key] = value;
        return value;
    }
}
