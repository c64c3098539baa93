namespace Bridge.Core.Programs;

public sealed class ProgramRecord
{
    public string Id { get; init; } = "";
    public string TeamId { get; init; } = "";
    public string Name { get; init; } = "";
    public string Currency { get; init; } = "USD";
    /// <summary><c>total</c> (tax included, the default) or <c>subtotal</c>: what a percentage commission is taken of.</summary>
    public string CommissionBase { get; init; } = "total";
    public string SettingsJson { get; init; } = "{}";
    public string TrackingJson { get; init; } = "{}";
    public string FraudRulesJson { get; init; } = "{}";
    public string PaymentTermsJson { get; init; } = "{}";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public ProgramDetails Details => SettingsDocument.Deserialize<ProgramDetails>(SettingsJson);
    public TrackingSettings Tracking => SettingsDocument.Deserialize<TrackingSettings>(TrackingJson);
    public FraudRules FraudRules => SettingsDocument.Deserialize<FraudRules>(FraudRulesJson);
    public PaymentTermsExtras PaymentTerms => SettingsDocument.Deserialize<PaymentTermsExtras>(PaymentTermsJson);
}

/// <summary>The team's affiliate program (one per team) and its settings documents.</summary>
public sealed class ProgramStore(BridgeDatabase database, TimeProvider clock)
{
    public async Task<ProgramRecord?> GetForTeamAsync(string teamId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ProgramRecord>("SELECT * FROM programs WHERE team_id = @teamId", new { teamId });
    }

    /// <summary>Creates the program with its default group and that group's sale incentive, in one transaction.</summary>
    public Task<ProgramRecord> CreateAsync(string teamId, string name, string currency, Incentive defaultIncentive, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var now = clock.GetUtcNow();
            var program = new ProgramRecord
            {
                Id = Id.New(IdPrefix.Program, clock),
                TeamId = teamId,
                Name = name,
                Currency = currency,
                SettingsJson = SettingsDocument.Serialize(new ProgramDetails()),
                TrackingJson = SettingsDocument.Serialize(new TrackingSettings()),
                FraudRulesJson = SettingsDocument.Serialize(new FraudRules()),
                PaymentTermsJson = SettingsDocument.Serialize(new PaymentTermsExtras()),
                CreatedAt = now,
                UpdatedAt = now,
            };
            await connection.ExecuteAsync("""
                INSERT INTO programs (id, team_id, name, currency, commission_base, settings_json, tracking_json, fraud_rules_json, payment_terms_json, created_at, updated_at)
                VALUES (@Id, @TeamId, @Name, @Currency, @CommissionBase, @SettingsJson, @TrackingJson, @FraudRulesJson, @PaymentTermsJson, @CreatedAt, @UpdatedAt)
                """, program, transaction);
            var group = new AffiliateGroup
            {
                Id = Id.New(IdPrefix.Group, clock),
                TeamId = teamId,
                ProgramId = program.Id,
                Name = "Default",
                Description = "Affiliates without a group earn this group's incentives.",
                IsDefault = true,
                CreatedAt = now,
                UpdatedAt = now,
            };
            await GroupStore.InsertAsync(connection, transaction, group);
            await IncentiveStore.InsertAsync(connection, transaction, IncentiveStore.Prepare(defaultIncentive, teamId, group.Id, null, now, clock));
            return program;
        }, ct);

    public async Task<ProgramRecord> UpdateAsync(ProgramRecord program, CancellationToken ct = default)
    {
        var updated = new ProgramRecord
        {
            Id = program.Id,
            TeamId = program.TeamId,
            Name = program.Name,
            Currency = program.Currency,
            CommissionBase = program.CommissionBase,
            SettingsJson = program.SettingsJson,
            TrackingJson = program.TrackingJson,
            FraudRulesJson = program.FraudRulesJson,
            PaymentTermsJson = program.PaymentTermsJson,
            CreatedAt = program.CreatedAt,
            UpdatedAt = clock.GetUtcNow(),
        };
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync("""
            UPDATE programs SET name = @Name, currency = @Currency, commission_base = @CommissionBase, settings_json = @SettingsJson,
                tracking_json = @TrackingJson, fraud_rules_json = @FraudRulesJson, payment_terms_json = @PaymentTermsJson, updated_at = @UpdatedAt
            WHERE id = @Id AND team_id = @TeamId
            """, updated);
        return updated;
    }
}
