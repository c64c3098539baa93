using System.Security.Cryptography;

namespace Bridge.Core.ApiKeys;

public sealed class ApiKey
{
    public string Id { get; init; } = "";
    public string TeamId { get; init; } = "";
    public string Name { get; init; } = "";
    public string KeyHash { get; init; } = "";
    public string KeyPrefix { get; init; } = "";
    public string Scopes { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? DisabledAt { get; init; }

    public IReadOnlySet<string> ScopeSet => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
}

/// <summary>A key as created: the plain text is returned once and never stored (only its SHA-256 hash is).</summary>
public sealed record CreatedApiKey(ApiKey Key, string PlainText);

public sealed class ApiKeyStore(BridgeDatabase database, TimeProvider clock)
{
    public const string LivePrefix = "sk_live_";

    public async Task<CreatedApiKey> CreateAsync(string teamId, string name, IReadOnlyList<string> scopes, DateTimeOffset? expiresAt = null, CancellationToken ct = default)
    {
        var plain = LivePrefix + Base64Url(RandomNumberGenerator.GetBytes(30));
        var key = new ApiKey
        {
            Id = Id.New(IdPrefix.ApiKey, clock),
            TeamId = teamId,
            Name = name,
            KeyHash = Hash(plain),
            KeyPrefix = plain[..(LivePrefix.Length + 4)],
            Scopes = string.Join(' ', scopes),
            CreatedAt = clock.GetUtcNow(),
            ExpiresAt = expiresAt,
        };
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync("""
            INSERT INTO api_keys (id, team_id, name, key_hash, key_prefix, scopes, created_at, expires_at)
            VALUES (@Id, @TeamId, @Name, @KeyHash, @KeyPrefix, @Scopes, @CreatedAt, @ExpiresAt)
            """, key);
        return new CreatedApiKey(key, plain);
    }

    public async Task<ApiKey?> FindByPlainTextAsync(string plain, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ApiKey>(
            "SELECT * FROM api_keys WHERE key_hash = @hash", new { hash = Hash(plain) });
    }

    public async Task<bool> DisableAsync(string teamId, string keyId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(
            "UPDATE api_keys SET disabled_at = @now WHERE id = @keyId AND team_id = @teamId AND disabled_at IS NULL",
            new { keyId, teamId, now = clock.GetUtcNow() }) == 1;
    }

    /// <summary>True when the text has the shape of a key this bridge issues (<c>sk_live_</c>, or Affonso's <c>sk_dev_</c>).</summary>
    public static bool HasKeyFormat(string text) =>
        (text.StartsWith(LivePrefix, StringComparison.Ordinal) || text.StartsWith("sk_dev_", StringComparison.Ordinal))
        && text.Length is >= 16 and <= 200
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    public static string Hash(string plain) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(plain)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
