using System.Reflection;

namespace Bridge.Core.Storage;

/// <summary>
/// Applies the versioned SQL migrations of the current dialect (embedded <c>migrations/&lt;dialect&gt;/NNNN_name.sql</c>)
/// and records each in <c>schema_version</c>. On PostgreSQL an advisory lock makes concurrent starts of several
/// instances safe: one applies, the others wait and then find nothing to do.
/// </summary>
public sealed class Migrator(BridgeDatabase database)
{
    private const long AdvisoryLockKey = 0x4146_464F_4E53_4F; // "AFFONSO"

    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> All(Dialect dialect)
    {
        var folder = dialect == Dialect.Postgres ? "postgres" : "sqlite";
        var assembly = typeof(Migrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith($"migrations/{folder}/", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Load(assembly, name))
            .OrderBy(migration => migration.Version)
            .ToList();
    }

    /// <summary>Applies what is missing; returns the names of the migrations applied by this call.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        if (database.IsPostgres)
            await connection.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey });
        else
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        try
        {
            await connection.ExecuteAsync(database.IsPostgres
                ? "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)"
                : "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");

            var applied = new List<string>();
            foreach (var migration in All(database.Dialect))
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                var done = await connection.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM schema_version WHERE version = @Version", new { migration.Version }, transaction);
                if (done > 0)
                {
                    await transaction.RollbackAsync(ct);
                    continue;
                }
                await connection.ExecuteAsync(migration.Sql, transaction: transaction);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @At)",
                    new { migration.Version, migration.Name, At = DateTimeOffset.UtcNow }, transaction);
                await transaction.CommitAsync(ct);
                applied.Add($"{migration.Version:0000}_{migration.Name}");
            }
            return applied;
        }
        finally
        {
            if (database.IsPostgres)
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey });
        }
    }

    /// <summary>Migrations this build knows that the database has not recorded (empty when up to date).</summary>
    public async Task<IReadOnlyList<int>> PendingAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var exists = await connection.ExecuteScalarAsync<long>(database.IsPostgres
            ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'schema_version' AND table_schema = current_schema()"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
        var applied = exists > 0
            ? (await connection.QueryAsync<int>("SELECT version FROM schema_version")).ToHashSet()
            : [];
        return All(database.Dialect).Select(m => m.Version).Where(v => !applied.Contains(v)).ToList();
    }

    private static Migration Load(Assembly assembly, string resource)
    {
        var file = resource[(resource.LastIndexOf('/') + 1)..^".sql".Length];
        var separator = file.IndexOf('_');
        var version = int.Parse(file[..separator], System.Globalization.CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, file[(separator + 1)..], reader.ReadToEnd());
    }
}
