namespace Bridge.Core.Tests.Storage;

public sealed class MigratorTests
{
    [Theory, BothStores]
    public async Task MigratingTwiceAppliesEachMigrationOnce(StoreKind kind)
    {
        await using var database = new BridgeDatabase(await TestStores.CreateAsync(kind));
        var migrator = new Migrator(database);
        var first = await migrator.MigrateAsync(TestContext.Current.CancellationToken);
        var second = await migrator.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Migrator.All(database.Dialect).Count, first.Count);
        Assert.Empty(second);
        Assert.Empty(await migrator.PendingAsync(TestContext.Current.CancellationToken));
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(first.Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_version"));
    }

    [Theory, BothStores]
    public async Task ConcurrentStartsOnOneDatabaseMigrateOnce(StoreKind kind)
    {
        var options = await TestStores.CreateAsync(kind);
        var databases = Enumerable.Range(0, 4).Select(_ => new BridgeDatabase(options)).ToList();
        var results = await Task.WhenAll(databases.Select(db => new Migrator(db).MigrateAsync(TestContext.Current.CancellationToken)));

        Assert.Equal(Migrator.All(options.Dialect).Count, results.Sum(applied => applied.Count));
        foreach (var db in databases)
            await db.DisposeAsync();
    }

    [Fact]
    public void BothDialectsHaveTheSameMigrations() =>
        Assert.Equal(
            Migrator.All(Dialect.Sqlite).Select(m => (m.Version, m.Name)),
            Migrator.All(Dialect.Postgres).Select(m => (m.Version, m.Name)));

    [Fact]
    public async Task SqliteRunsInWalMode()
    {
        await using var database = await TestStores.CreateMigratedAsync(StoreKind.Sqlite);
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }
}
