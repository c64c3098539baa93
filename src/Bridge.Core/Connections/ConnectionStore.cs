namespace Bridge.Core.Connections;

public static class ConnectionMode
{
    public const string Live = "live";
    public const string Test = "test";

    public static bool IsValid(string? mode) => mode is Live or Test;
}

/// <summary>
/// A team's connection to one provider account: what the merchant pastes into the provider's dashboard is
/// <c>POST /webhooks/{provider}/{id}</c>. Holds one or two signing secrets (rotation); they never leave the store
/// except to verify.
/// </summary>
public sealed class ProviderConnection
{
    public string Id { get; init; } = "";
    public string TeamId { get; init; } = "";
    public string Provider { get; init; } = "";
    public string Name { get; init; } = "";
    public string SecretPrimary { get; init; } = "";
    public string? SecretSecondary { get; init; }
    public string Mode { get; init; } = ConnectionMode.Live;
    public int? ToleranceSeconds { get; init; }
    public string? CaptureDir { get; init; }
    /// <summary>Mask e-mails and names in captured fixtures.</summary>
    public bool CaptureMask { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? DisabledAt { get; init; }

    public IReadOnlyList<string> Secrets => SecretSecondary is null ? [SecretPrimary] : [SecretPrimary, SecretSecondary];
}

public sealed class ConnectionStore(BridgeDatabase database, TimeProvider clock)
{
    public async Task<ProviderConnection> CreateAsync(string teamId, string provider, string name, string secret, string? secondarySecret, string mode, int? toleranceSeconds, string? captureDir, bool captureMask = false, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var connection = new ProviderConnection
        {
            Id = Id.New(IdPrefix.Connection, clock),
            TeamId = teamId,
            Provider = provider,
            Name = name,
            SecretPrimary = secret,
            SecretSecondary = secondarySecret,
            Mode = mode,
            ToleranceSeconds = toleranceSeconds,
            CaptureDir = captureDir,
            CaptureMask = captureMask,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var db = await database.OpenAsync(ct);
        await db.ExecuteAsync("""
            INSERT INTO provider_connections (id, team_id, provider, name, secret_primary, secret_secondary, mode, tolerance_seconds, capture_dir, capture_mask, created_at, updated_at)
            VALUES (@Id, @TeamId, @Provider, @Name, @SecretPrimary, @SecretSecondary, @Mode, @ToleranceSeconds, @CaptureDir, @CaptureMask, @CreatedAt, @UpdatedAt)
            """, connection);
        return connection;
    }

    /// <summary>By id alone: the webhook route names the connection, not the team. Disabled connections read as absent.</summary>
    public async Task<ProviderConnection?> FindActiveAsync(string id, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(ct);
        return await db.QuerySingleOrDefaultAsync<ProviderConnection>(
            "SELECT * FROM provider_connections WHERE id = @id AND disabled_at IS NULL", new { id });
    }

    public async Task<ProviderConnection?> GetAsync(string teamId, string id, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(ct);
        return await db.QuerySingleOrDefaultAsync<ProviderConnection>(
            "SELECT * FROM provider_connections WHERE team_id = @teamId AND id = @id AND disabled_at IS NULL", new { teamId, id });
    }

    public async Task<IReadOnlyList<ProviderConnection>> ListAsync(string teamId, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(ct);
        return (await db.QueryAsync<ProviderConnection>(
            "SELECT * FROM provider_connections WHERE team_id = @teamId AND disabled_at IS NULL ORDER BY created_at", new { teamId })).ToList();
    }

    /// <summary>Writes name, secrets, mode, tolerance and capture folder as given.</summary>
    public async Task<bool> UpdateAsync(ProviderConnection connection, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(ct);
        return await db.ExecuteAsync("""
            UPDATE provider_connections SET name = @Name, secret_primary = @SecretPrimary, secret_secondary = @SecretSecondary, mode = @Mode,
                tolerance_seconds = @ToleranceSeconds, capture_dir = @CaptureDir, capture_mask = @CaptureMask, updated_at = @now
            WHERE id = @Id AND team_id = @TeamId AND disabled_at IS NULL
            """, new
        {
            connection.Name, connection.SecretPrimary, connection.SecretSecondary, connection.Mode, connection.ToleranceSeconds,
            connection.CaptureDir, connection.CaptureMask, connection.Id, connection.TeamId, now = clock.GetUtcNow(),
        }) == 1;
    }

    public async Task<bool> DisableAsync(string teamId, string id, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(ct);
        return await db.ExecuteAsync(
            "UPDATE provider_connections SET disabled_at = @now WHERE team_id = @teamId AND id = @id AND disabled_at IS NULL",
            new { teamId, id, now = clock.GetUtcNow() }) == 1;
    }
}
