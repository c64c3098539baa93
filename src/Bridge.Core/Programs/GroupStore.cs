namespace Bridge.Core.Programs;

public sealed class AffiliateGroup
{
    public string Id { get; init; } = "";
    public string TeamId { get; init; } = "";
    public string ProgramId { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public bool IsDefault { get; init; }
    public long AffiliateCount { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public enum GroupDefaultOutcome
{
    Done,
    NotFound,

    /// <summary>The default group's sale incentive is the program's commission rule (payment terms): it needs one.</summary>
    NoSaleIncentive,
}

public enum GroupDeleteOutcome
{
    Deleted,
    NotFound,
    IsDefault,
    HasAffiliates,
}

/// <summary>Affiliate groups; each carries incentives (see <see cref="IncentiveStore"/>).</summary>
public sealed class GroupStore(BridgeDatabase database, TimeProvider clock)
{
    private const string SelectWithCount = """
        SELECT g.*, (SELECT COUNT(*) FROM affiliates a WHERE a.deleted_at IS NULL AND a.program_id = g.program_id
                AND (a.group_id = g.id OR (a.group_id IS NULL AND g.is_default = @yes))) AS affiliate_count
        FROM affiliate_groups g
        """;

    public async Task<IReadOnlyList<AffiliateGroup>> ListAsync(string teamId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<AffiliateGroup>(
            SelectWithCount + " WHERE g.team_id = @teamId ORDER BY g.is_default DESC, g.created_at, g.id", new { teamId, yes = true })).ToList();
    }

    public async Task<AffiliateGroup?> GetAsync(string teamId, string groupId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<AffiliateGroup>(
            SelectWithCount + " WHERE g.team_id = @teamId AND g.id = @groupId", new { teamId, groupId, yes = true });
    }

    public async Task<AffiliateGroup?> GetDefaultAsync(string teamId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<AffiliateGroup>(
            SelectWithCount + " WHERE g.team_id = @teamId AND g.is_default = @yes ORDER BY g.created_at LIMIT 1", new { teamId, yes = true });
    }

    /// <summary>Creates a group with its incentives in one transaction.</summary>
    public Task<AffiliateGroup> CreateAsync(string teamId, string programId, string name, string? description, IReadOnlyList<Incentive> incentives, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var now = clock.GetUtcNow();
            var group = new AffiliateGroup
            {
                Id = Id.New(IdPrefix.Group, clock),
                TeamId = teamId,
                ProgramId = programId,
                Name = name,
                Description = description,
                CreatedAt = now,
                UpdatedAt = now,
            };
            await InsertAsync(connection, transaction, group);
            for (var i = 0; i < incentives.Count; i++)
                await IncentiveStore.InsertAsync(connection, transaction, IncentiveStore.Prepare(incentives[i], teamId, group.Id, null, IncentiveStore.InOrder(now, i), clock));
            return group;
        }, ct);

    /// <summary>
    /// Renames/describes a group (<paramref name="clearDescription"/>: set it to null) and, when <paramref name="incentives"/>
    /// is given, replaces its incentives.
    /// </summary>
    public Task<bool> UpdateAsync(string teamId, string groupId, string? name, string? description, IReadOnlyList<Incentive>? incentives,
        bool clearDescription = false, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var now = clock.GetUtcNow();
            var changed = await connection.ExecuteAsync("""
                UPDATE affiliate_groups SET name = COALESCE(@name, name),
                    description = CASE WHEN @clearDescription THEN NULL ELSE COALESCE(@description, description) END, updated_at = @now
                WHERE id = @groupId AND team_id = @teamId
                """, new { name, description, clearDescription, now, groupId, teamId }, transaction);
            if (changed == 0)
                return false;
            if (incentives is not null)
            {
                await connection.ExecuteAsync("DELETE FROM incentives WHERE group_id = @groupId", new { groupId }, transaction);
                for (var i = 0; i < incentives.Count; i++)
                    await IncentiveStore.InsertAsync(connection, transaction, IncentiveStore.Prepare(incentives[i], teamId, groupId, null, IncentiveStore.InOrder(now, i), clock));
            }
            return true;
        }, ct);

    /// <summary>
    /// Makes the group the program's one default group (the previous default stops being it). Affiliates without a group
    /// belong to the default group, so they follow.
    /// </summary>
    public Task<GroupDefaultOutcome> MakeDefaultAsync(string teamId, string groupId, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var group = await connection.QuerySingleOrDefaultAsync<AffiliateGroup>(
                "SELECT * FROM affiliate_groups WHERE team_id = @teamId AND id = @groupId", new { teamId, groupId }, transaction);
            if (group is null)
                return GroupDefaultOutcome.NotFound;
            if (await connection.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM incentives WHERE group_id = @groupId AND type = @sale", new { groupId, sale = IncentiveType.Sale }, transaction) == 0)
                return GroupDefaultOutcome.NoSaleIncentive;
            var now = clock.GetUtcNow();
            await connection.ExecuteAsync(
                "UPDATE affiliate_groups SET is_default = @no, updated_at = @now WHERE program_id = @programId AND is_default = @yes AND id <> @groupId",
                new { programId = group.ProgramId, groupId, now, yes = true, no = false }, transaction);
            await connection.ExecuteAsync(
                "UPDATE affiliate_groups SET is_default = @yes, updated_at = @now WHERE id = @groupId", new { groupId, now, yes = true }, transaction);
            return GroupDefaultOutcome.Done;
        }, ct);

    public Task<GroupDeleteOutcome> DeleteAsync(string teamId, string groupId, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var group = await connection.QuerySingleOrDefaultAsync<AffiliateGroup>(
                SelectWithCount + " WHERE g.team_id = @teamId AND g.id = @groupId", new { teamId, groupId, yes = true }, transaction);
            if (group is null)
                return GroupDeleteOutcome.NotFound;
            if (group.IsDefault)
                return GroupDeleteOutcome.IsDefault;
            if (group.AffiliateCount > 0)
                return GroupDeleteOutcome.HasAffiliates;
            await connection.ExecuteAsync("DELETE FROM incentives WHERE group_id = @groupId", new { groupId }, transaction);
            await connection.ExecuteAsync("DELETE FROM affiliate_groups WHERE id = @groupId", new { groupId }, transaction);
            return GroupDeleteOutcome.Deleted;
        }, ct);

    internal static Task InsertAsync(DbConnection connection, DbTransaction transaction, AffiliateGroup group) =>
        connection.ExecuteAsync("""
            INSERT INTO affiliate_groups (id, team_id, program_id, name, description, is_default, created_at, updated_at)
            VALUES (@Id, @TeamId, @ProgramId, @Name, @Description, @IsDefault, @CreatedAt, @UpdatedAt)
            """, group, transaction);
}
