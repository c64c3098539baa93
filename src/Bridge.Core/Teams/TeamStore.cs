namespace Bridge.Core.Teams;

public sealed class Team
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Currency { get; init; } = "USD";
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Tenants. Every other table is scoped by a team id.</summary>
public sealed class TeamStore(BridgeDatabase database, TimeProvider clock)
{
    public async Task<Team> CreateAsync(string name, string currency = "USD", CancellationToken ct = default)
    {
        var team = new Team
        {
            Id = Id.New(IdPrefix.Team, clock),
            Name = name,
            Currency = Currencies.Normalize(currency) ?? throw new ArgumentException($"'{currency}' is not a currency code", nameof(currency)),
            CreatedAt = clock.GetUtcNow(),
        };
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(
            "INSERT INTO teams (id, name, currency, created_at) VALUES (@Id, @Name, @Currency, @CreatedAt)", team);
        return team;
    }

    public async Task<Team?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Team>("SELECT * FROM teams WHERE id = @id", new { id });
    }

    public async Task<Team?> FindByNameAsync(string name, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<Team>(
            "SELECT * FROM teams WHERE name = @name ORDER BY created_at LIMIT 1", new { name });
    }

    public async Task<IReadOnlyList<Team>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<Team>("SELECT * FROM teams ORDER BY created_at")).ToList();
    }

    /// <summary>A team given by id or by name (CLI convenience).</summary>
    public async Task<Team?> FindAsync(string idOrName, CancellationToken ct = default) =>
        await GetAsync(idOrName, ct) ?? await FindByNameAsync(idOrName, ct);
}
