namespace Bridge.Core.Programs;

/// <summary>Group incentives and per-affiliate overrides, and which one applies to an affiliate.</summary>
public sealed class IncentiveStore(BridgeDatabase database, TimeProvider clock)
{
    public async Task<IReadOnlyList<Incentive>> ForGroupsAsync(IReadOnlyCollection<string> groupIds, CancellationToken ct = default)
    {
        if (groupIds.Count == 0)
            return [];
        await using var connection = await database.OpenAsync(ct);
        var rows = new List<Incentive>();
        foreach (var groupId in groupIds)
            rows.AddRange(await connection.QueryAsync<Incentive>(
                "SELECT * FROM incentives WHERE group_id = @groupId ORDER BY created_at, id", new { groupId }));
        return rows;
    }

    public async Task<IReadOnlyList<Incentive>> OverridesAsync(string teamId, string affiliateId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<Incentive>(
            "SELECT * FROM incentives WHERE team_id = @teamId AND affiliate_id = @affiliateId ORDER BY created_at, id",
            new { teamId, affiliateId })).ToList();
    }

    /// <summary>Replaces an affiliate's overrides (an empty list removes them).</summary>
    public Task ReplaceOverridesAsync(string teamId, string affiliateId, IReadOnlyList<Incentive> overrides, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var now = clock.GetUtcNow();
            await connection.ExecuteAsync("DELETE FROM incentives WHERE team_id = @teamId AND affiliate_id = @affiliateId",
                new { teamId, affiliateId }, transaction);
            for (var i = 0; i < overrides.Count; i++)
                await InsertAsync(connection, transaction, Prepare(overrides[i], teamId, null, affiliateId, InOrder(now, i), clock));
        }, ct);

    /// <summary>
    /// The creation time of the <paramref name="index"/>-th incentive written together: one microsecond apart (both stores
    /// keep microseconds), so <c>ORDER BY created_at, id</c> — listing, and which incentive applies first — is the order given
    /// rather than the random part of ids minted in the same millisecond.
    /// </summary>
    internal static DateTimeOffset InOrder(DateTimeOffset now, int index) => now.AddTicks(index * 10L);

    /// <summary>
    /// The incentive of <paramref name="type"/> that applies to an affiliate: its override, else its group's, else the
    /// program's default group's. Null when there is none (the payment earns nothing).
    /// </summary>
    public static Task<Incentive?> ApplicableAsync(DbConnection connection, DbTransaction? transaction, string teamId, string affiliateId, string type) =>
        BatchReadCache.GetOrReadAsync($"incentive|{teamId}|{affiliateId}|{type}", () => connection.QueryFirstOrDefaultAsync<Incentive>("""
            SELECT i.* FROM incentives i
            WHERE i.team_id = @teamId AND i.type = @type AND (
                i.affiliate_id = @affiliateId
                OR i.group_id = (SELECT COALESCE(a.group_id, (SELECT g.id FROM affiliate_groups g WHERE g.program_id = a.program_id AND g.is_default = @yes ORDER BY g.created_at LIMIT 1))
                                 FROM affiliates a WHERE a.id = @affiliateId))
            ORDER BY CASE WHEN i.affiliate_id IS NOT NULL THEN 0 ELSE 1 END, i.created_at, i.id
            LIMIT 1
            """, new { teamId, affiliateId, type, yes = true }, transaction));

    /// <summary>The default group's sale incentive: the program's commission rule shown as payment terms.</summary>
    public async Task<Incentive?> DefaultSaleIncentiveAsync(string teamId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<Incentive>("""
            SELECT i.* FROM incentives i JOIN affiliate_groups g ON g.id = i.group_id
            WHERE g.team_id = @teamId AND g.is_default = @yes AND i.type = @sale
            ORDER BY i.created_at, i.id LIMIT 1
            """, new { teamId, yes = true, sale = IncentiveType.Sale });
    }

    public async Task UpdateAsync(Incentive incentive, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync("""
            UPDATE incentives SET name = @Name, is_percentage = @IsPercentage, rate_ppm = @RatePpm, fixed_amount_minor = @FixedAmountMinor,
                fixed_currency = @FixedCurrency, incentive_length = @IncentiveLength, length_value = @LengthValue,
                hold_period_days = @HoldPeriodDays, approval_type = @ApprovalType, updated_at = @now
            WHERE id = @Id AND team_id = @TeamId
            """, new
        {
            incentive.Name, incentive.IsPercentage, incentive.RatePpm, incentive.FixedAmountMinor, incentive.FixedCurrency,
            incentive.IncentiveLength, incentive.LengthValue, incentive.HoldPeriodDays, incentive.ApprovalType,
            incentive.Id, incentive.TeamId, now = clock.GetUtcNow(),
        });
    }

    internal static Incentive Prepare(Incentive draft, string teamId, string? groupId, string? affiliateId, DateTimeOffset now, TimeProvider clock) => new()
    {
        Id = string.IsNullOrEmpty(draft.Id) ? Id.New(IdPrefix.Incentive, clock) : draft.Id,
        TeamId = teamId,
        GroupId = groupId,
        AffiliateId = affiliateId,
        Name = draft.Name,
        Type = draft.Type,
        IsPercentage = draft.IsPercentage,
        RatePpm = draft.RatePpm,
        FixedAmountMinor = draft.FixedAmountMinor,
        FixedCurrency = draft.FixedCurrency,
        IncentiveLength = draft.IncentiveLength,
        LengthValue = draft.LengthValue,
        HoldPeriodDays = draft.HoldPeriodDays,
        ApprovalType = draft.ApprovalType,
        ApplyTo = draft.ApplyTo,
        ProductIdsJson = draft.ProductIdsJson,
        CreatedAt = now,
        UpdatedAt = now,
    };

    internal static Task InsertAsync(DbConnection connection, DbTransaction transaction, Incentive incentive) =>
        connection.ExecuteAsync("""
            INSERT INTO incentives (id, team_id, group_id, affiliate_id, name, type, is_percentage, rate_ppm, fixed_amount_minor, fixed_currency,
                incentive_length, length_value, hold_period_days, approval_type, apply_to, product_ids_json, created_at, updated_at)
            VALUES (@Id, @TeamId, @GroupId, @AffiliateId, @Name, @Type, @IsPercentage, @RatePpm, @FixedAmountMinor, @FixedCurrency,
                @IncentiveLength, @LengthValue, @HoldPeriodDays, @ApprovalType, @ApplyTo, @ProductIdsJson, @CreatedAt, @UpdatedAt)
            """, incentive, transaction);
}
