using Bridge.Core.Storage;

namespace Bridge.Core.Tests.Storage;

public sealed class BatchReadCacheTests
{
    [Fact]
    public async Task ReadsOncePerKeyInsideABatchFlowAndAlwaysOutsideIt()
    {
        var reads = 0;
        Task<int> Read() => Task.FromResult(++reads);

        Assert.Equal(1, await BatchReadCache.GetOrReadAsync("k", Read));
        Assert.Equal(2, await BatchReadCache.GetOrReadAsync("k", Read));

        var insideBatch = await BatchAsync(async () =>
            (await BatchReadCache.GetOrReadAsync("k", Read), await BatchReadCache.GetOrReadAsync("k", Read), await BatchReadCache.GetOrReadAsync("other", Read)));
        Assert.Equal((3, 3, 4), insideBatch);

        // The batch's cache ended with its callback: the caller reads again, and a new batch starts empty.
        Assert.Equal(5, await BatchReadCache.GetOrReadAsync("k", Read));
        Assert.Equal(6, await BatchAsync(() => BatchReadCache.GetOrReadAsync("k", Read)));
    }

    [Fact]
    public async Task CachesNullsToo()
    {
        var reads = 0;
        Task<string?> Read()
        {
            reads++;
            return Task.FromResult<string?>(null);
        }

        await BatchAsync(async () =>
        {
            Assert.Null(await BatchReadCache.GetOrReadAsync("missing", Read));
            Assert.Null(await BatchReadCache.GetOrReadAsync("missing", Read));
            return 0;
        });
        Assert.Equal(1, reads);
    }

    /// <summary>Like the inbox processor's transaction callback: an async method that begins the cache for its own flow.</summary>
    private static async Task<T> BatchAsync<T>(Func<Task<T>> work)
    {
        BatchReadCache.BeginForThisFlow();
        return await work();
    }
}
