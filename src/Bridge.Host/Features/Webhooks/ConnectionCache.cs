using System.Collections.Concurrent;
using Bridge.Core.Connections;

namespace Bridge.Host.Features.Webhooks;

/// <summary>
/// Active connections by id, cached for <see cref="Ttl"/> on the acknowledgement path (one query less per webhook).
/// Changes made through this instance apply at once; on other instances within the TTL.
/// </summary>
public sealed class ConnectionCache(ConnectionStore connections, TimeProvider clock)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (ProviderConnection Connection, DateTimeOffset Until)> _entries = new();

    public async ValueTask<ProviderConnection?> FindActiveAsync(string id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(id, out var hit) && hit.Until > now)
            return hit.Connection;
        var connection = await connections.FindActiveAsync(id, ct);
        if (connection is null)
        {
            _entries.TryRemove(id, out _);
            return null;
        }
        if (_entries.Count > 10_000)
            _entries.Clear();
        _entries[id] = (connection, now + Ttl);
        return connection;
    }

    public void Forget(string id) => _entries.TryRemove(id, out _);
}
