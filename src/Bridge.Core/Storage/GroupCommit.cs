using System.Threading.Channels;

namespace Bridge.Core.Storage;

/// <summary>
/// Group commit: concurrent callers' rows are written by a few writer loops, many rows per transaction, and each
/// caller is answered only after the transaction holding its row committed. Under load one commit (one fsync) serves a
/// whole batch instead of one row; idle, a row is written alone at once. If a batch fails, its rows are retried one by
/// one, so one bad row fails only its own caller.
/// </summary>
public sealed class GroupCommit<TItem, TResult> : IAsyncDisposable
{
    private readonly Channel<(TItem Item, TaskCompletionSource<TResult> Done)> _queue =
        Channel.CreateUnbounded<(TItem, TaskCompletionSource<TResult>)>(new UnboundedChannelOptions { SingleReader = false });
    private readonly BridgeDatabase _database;
    private readonly Func<DbConnection, DbTransaction, TItem, Task<TResult>> _write;
    private readonly int _maxBatch;
    private readonly Func<TItem, string>? _lockOrder;
    private readonly Task[] _writers;

    /// <param name="lockOrder">
    /// When rows of concurrent batches can collide (the same unique key), the key: each batch writes in that order, so
    /// two writers never wait on each other in opposite orders (no deadlocks).
    /// </param>
    public GroupCommit(BridgeDatabase database, Func<DbConnection, DbTransaction, TItem, Task<TResult>> write, Func<TItem, string>? lockOrder = null,
        int writers = 2, int maxBatch = 256)
    {
        _database = database;
        _write = write;
        _maxBatch = maxBatch;
        _lockOrder = lockOrder;
        _writers = Enumerable.Range(0, database.IsPostgres ? writers : 1).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
    }

    /// <summary>Completes when the row is durably committed (or throws what writing it threw).</summary>
    public async Task<TResult> SubmitAsync(TItem item, CancellationToken ct = default)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((item, done)))
            throw new InvalidOperationException("the writer is shut down");
        return await done.Task.WaitAsync(ct);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<(TItem Item, TaskCompletionSource<TResult> Done)>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var entry))
                batch.Add(entry);
            if (batch.Count == 0)
                continue;
            if (_lockOrder is not null)
                batch.Sort((a, b) => string.CompareOrdinal(_lockOrder(a.Item), _lockOrder(b.Item)));
            try
            {
                var results = await _database.InTransactionAsync(async (connection, transaction) =>
                {
                    var written = new TResult[batch.Count];
                    for (var i = 0; i < batch.Count; i++)
                        written[i] = await _write(connection, transaction, batch[i].Item);
                    return written;
                });
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Done.TrySetResult(results[i]);
            }
            catch (Exception ex) when (batch.Count > 1 && !BridgeDatabase.IsUnavailable(ex))
            {
                foreach (var (item, done) in batch)
                    await WriteAloneAsync(item, done);
            }
            catch (Exception ex)
            {
                foreach (var (_, done) in batch)
                    done.TrySetException(ex);
            }
        }
    }

    private async Task WriteAloneAsync(TItem item, TaskCompletionSource<TResult> done)
    {
        try
        {
            done.TrySetResult(await _database.InTransactionAsync((connection, transaction) => _write(connection, transaction, item)));
        }
        catch (Exception ex)
        {
            done.TrySetException(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }
}
