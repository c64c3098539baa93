namespace Bridge.Core.Storage;

public enum Dialect
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Which database the bridge uses: the embedded SQLite file by default, PostgreSQL when
/// <c>Storage:Provider=postgres</c> and <c>ConnectionStrings:Bridge</c> are set.
/// </summary>
public sealed record StoreOptions(Dialect Dialect, string ConnectionString)
{
    public const string DefaultSqlitePath = "data/bridge.db";

    public static StoreOptions Sqlite(string path) => new(Dialect.Sqlite, $"Data Source={path};Pooling=True");

    public static StoreOptions Postgres(string connectionString) => new(Dialect.Postgres, connectionString);

    /// <summary>Reads <c>Storage:Provider</c> (<c>sqlite</c> | <c>postgres</c>), <c>Storage:SqlitePath</c> and <c>ConnectionStrings:Bridge</c>.</summary>
    public static StoreOptions From(string? provider, string? connectionString, string? sqlitePath)
    {
        switch (provider?.Trim().ToLowerInvariant())
        {
            case null or "" or "sqlite":
                return string.IsNullOrWhiteSpace(connectionString) || !connectionString.Contains("Data Source", StringComparison.OrdinalIgnoreCase)
                    ? Sqlite(string.IsNullOrWhiteSpace(sqlitePath) ? DefaultSqlitePath : sqlitePath)
                    : new StoreOptions(Dialect.Sqlite, connectionString);
            case "postgres" or "postgresql" or "npgsql":
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException("Storage:Provider is postgres but ConnectionStrings:Bridge is not set.");
                return Postgres(connectionString);
            default:
                throw new InvalidOperationException($"Storage:Provider '{provider}' is not supported; use sqlite or postgres.");
        }
    }
}
