using Bridge.Core.ApiKeys;
using Dapper;

namespace Bridge.Host.Features.Console;

/// <summary>
/// Whether the key a console session was opened with is still usable (exists in its team, not disabled, not expired).
/// The API looks keys up by their text, which the console never keeps, so this reads the key by id.
/// </summary>
public sealed class ConsoleKeys(BridgeDatabase database, TimeProvider clock)
{
    public async Task<bool> IsUsableAsync(string teamId, string keyId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var key = await connection.QuerySingleOrDefaultAsync<ApiKey>(
            "SELECT * FROM api_keys WHERE id = @keyId AND team_id = @teamId", new { keyId, teamId });
        return key is { DisabledAt: null } && (key.ExpiresAt is null || key.ExpiresAt > clock.GetUtcNow());
    }
}
