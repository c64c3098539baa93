using Bridge.Core.Storage;

namespace Bridge.Testing;

/// <summary>The two stores every store behaviour is tested on.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}

public static class TestStores
{
    /// <summary>A fresh, empty database of the given kind (SQLite: a file in a temp dir; PostgreSQL: a new database).</summary>
    public static async Task<StoreOptions> CreateAsync(StoreKind kind)
    {
        if (kind == StoreKind.Postgres)
            return StoreOptions.Postgres(await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync());
        var dir = Path.Combine(Path.GetTempPath(), "bridge-sqlite-tests");
        Directory.CreateDirectory(dir);
        return StoreOptions.Sqlite(Path.Combine(dir, $"{Guid.NewGuid():N}.db"));
    }

    /// <summary>A migrated database, ready to use.</summary>
    public static async Task<BridgeDatabase> CreateMigratedAsync(StoreKind kind)
    {
        var database = new BridgeDatabase(await CreateAsync(kind));
        await new Migrator(database).MigrateAsync();
        return database;
    }
}
