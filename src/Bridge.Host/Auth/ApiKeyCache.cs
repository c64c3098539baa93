using System.Collections.Concurrent;
using Bridge.Core.ApiKeys;

namespace Bridge.Host.Auth;

/// <summary>
/// Keys looked up by the SHA-256 of the presented text, cached briefly so a busy client does not cost a database read
/// per request. Only hashes are held as keys; disabling a key takes effect within <see cref="Ttl"/>.
/// </summary>
public sealed class ApiKeyCache(ApiKeyStore keys, TimeProvider clock)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MissTtl = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, (ApiKey? Key, DateTimeOffset Until)> _entries = new();

    public async ValueTask<ApiKey?> FindAsync(string plain, CancellationToken ct)
    {
        var hash = ApiKeyStore.Hash(plain);
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(hash, out var entry) && entry.Until > now)
            return entry.Key;
        var key = await keys.FindByPlainTextAsync(plain, ct);
        if (_entries.Count > 10_000)
            _entries.Clear();
        _entries[hash] = (key, now + (key is null ? MissTtl : Ttl));
        return key;
    }

    public void Forget(string keyHash) => _entries.TryRemove(keyHash, out _);
}
