using System.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bridge.Core.Storage;

/// <summary>
/// The one store: opens connections to SQLite or PostgreSQL and runs work in transactions. Feature stores take this
/// and write their SQL with Dapper; where the two dialects differ they branch on <see cref="Dialect"/>.
/// </summary>
public sealed class BridgeDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;

    /// <summary>
    /// SQLite has one writer at a time; writers of this process queue here instead of in SQLite's busy handler, which
    /// sleeps in steps of up to 100 ms between retries and would stall every hand-over of the write lock.
    /// </summary>
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);

    static BridgeDatabase() => DapperSetup.EnsureRegistered();

    public BridgeDatabase(StoreOptions options)
    {
        Options = options;
        if (options.Dialect == Dialect.Postgres)
            _postgres = new NpgsqlDataSourceBuilder(options.ConnectionString).Build();
        else
            EnsureSqliteDirectory(options.ConnectionString);
    }

    public StoreOptions Options { get; }

    public Dialect Dialect => Options.Dialect;

    public bool IsPostgres => Dialect == Dialect.Postgres;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (_postgres is not null)
            return await _postgres.OpenConnectionAsync(ct);

        var connection = new SqliteConnection(Options.ConnectionString) { DefaultTimeout = 30 };
        await connection.OpenAsync(ct);
        await connection.ExecuteAsync("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;");
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction (SQLite: <c>BEGIN IMMEDIATE</c>, so writers queue instead of deadlocking).</summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default)
    {
        if (!IsPostgres)
            await _sqliteWriter.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(ct);
            return result;
        }
        finally
        {
            if (!IsPostgres)
                _sqliteWriter.Release();
        }
    }

    public Task InTransactionAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken ct = default) =>
        InTransactionAsync<bool>(async (connection, transaction) =>
        {
            await work(connection, transaction);
            return true;
        }, ct);

    /// <summary>True when the database answers a trivial query.</summary>
    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            return await connection.ExecuteScalarAsync<int>("SELECT 1") == 1;
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            return false;
        }
    }

    /// <summary>Errors that mean "the database is not reachable right now" (answer 503, retry later), not a bug.</summary>
    public static bool IsUnavailable(Exception ex) => ex switch
    {
        // Deadlocks and serialization failures (40xxx) are transient but the database is up: not "unavailable".
        PostgresException { SqlState: ['4', '0', ..] } => false,
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException || npgsql is PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" },
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 /* BUSY */ or 6 /* LOCKED */ or 10 /* IOERR */ or 13 /* FULL */ or 14 /* CANTOPEN */,
        TimeoutException => true,
        InvalidOperationException { InnerException: { } inner } => IsUnavailable(inner),
        _ => false,
    };

    /// <summary>Unique-constraint violation on either database.</summary>
    public static bool IsUniqueViolation(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };

    private static void EnsureSqliteDirectory(string connectionString)
    {
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(path) || path == ":memory:" || path.StartsWith("file:", StringComparison.Ordinal))
            return;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
        if (Dialect == Dialect.Sqlite)
            SqliteConnection.ClearAllPools();
    }
}
