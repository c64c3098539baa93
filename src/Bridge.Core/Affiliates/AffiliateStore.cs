using System.Security.Cryptography;
using System.Text;

using Bridge.Core.Outbound;

namespace Bridge.Core.Affiliates;

/// <summary>Affiliates of a team's program. Tracking ids (e.g. <c>partner123</c>) and e-mails are unique per program.</summary>
public sealed class AffiliateStore(BridgeDatabase database, TimeProvider clock)
{
    public async Task<(IReadOnlyList<Affiliate> Items, long Total)> ListAsync(string teamId, AffiliateFilter filter, int page, int limit, CancellationToken ct = default)
    {
        var where = new StringBuilder("team_id = @teamId AND deleted_at IS NULL");
        if (filter.Status is not null) where.Append(" AND partnership_status = @Status");
        if (filter.GroupId is not null) where.Append(" AND group_id = @GroupId");
        if (filter.Search is not null) where.Append(" AND (lower(name) LIKE @search OR lower(email) LIKE @search OR lower(tracking_id) LIKE @search)");
        if (filter.DateFrom is not null) where.Append(" AND created_at >= @DateFrom");
        if (filter.DateTo is not null) where.Append(" AND created_at <= @DateTo");
        var parameters = new
        {
            teamId, filter.Status, filter.GroupId, filter.DateFrom, filter.DateTo,
            search = filter.Search is null ? null : "%" + filter.Search.ToLowerInvariant() + "%",
            limit, offset = (page - 1) * limit,
        };
        await using var connection = await database.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM affiliates WHERE {where}", parameters);
        var items = await connection.QueryAsync<Affiliate>(
            $"SELECT * FROM affiliates WHERE {where} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset", parameters);
        return (items.ToList(), total);
    }

    public async Task<Affiliate?> GetAsync(string teamId, string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Affiliate>(
            "SELECT * FROM affiliates WHERE team_id = @teamId AND id = @id AND deleted_at IS NULL", new { teamId, id });
    }

    public async Task<Affiliate?> FindByTrackingIdAsync(string teamId, string programId, string trackingId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Affiliate>(
            "SELECT * FROM affiliates WHERE team_id = @teamId AND program_id = @programId AND tracking_id = @trackingId AND deleted_at IS NULL",
            new { teamId, programId, trackingId });
    }

    public async Task<(AffiliateWriteOutcome Outcome, Affiliate? Affiliate)> CreateAsync(Affiliate draft, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var affiliate = new Affiliate
        {
            Id = Id.New(IdPrefix.Affiliate, clock),
            TeamId = draft.TeamId,
            ProgramId = draft.ProgramId,
            GroupId = draft.GroupId,
            Name = draft.Name,
            Email = draft.Email,
            TrackingId = string.IsNullOrWhiteSpace(draft.TrackingId) ? GenerateTrackingId(draft.Name) : draft.TrackingId,
            Source = draft.Source,
            PartnershipStatus = draft.PartnershipStatus,
            OnboardingCompleted = draft.OnboardingCompleted,
            ExternalUserId = draft.ExternalUserId,
            MetadataJson = draft.MetadataJson,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return await WriteAsync(affiliate, """
            INSERT INTO affiliates (id, team_id, program_id, group_id, name, email, tracking_id, source, partnership_status,
                onboarding_completed, external_user_id, metadata_json, created_at, updated_at)
            VALUES (@Id, @TeamId, @ProgramId, @GroupId, @Name, @Email, @TrackingId, @Source, @PartnershipStatus,
                @OnboardingCompleted, @ExternalUserId, @MetadataJson, @CreatedAt, @UpdatedAt)
            """, ct);
    }

    /// <summary>Writes every field of <paramref name="affiliate"/> (the caller merged the request into the stored row).</summary>
    public async Task<(AffiliateWriteOutcome Outcome, Affiliate? Affiliate)> UpdateAsync(Affiliate affiliate, CancellationToken ct = default)
    {
        var updated = new Affiliate
        {
            Id = affiliate.Id, TeamId = affiliate.TeamId, ProgramId = affiliate.ProgramId, GroupId = affiliate.GroupId,
            Name = affiliate.Name, Email = affiliate.Email, TrackingId = affiliate.TrackingId, Source = affiliate.Source,
            PartnershipStatus = affiliate.PartnershipStatus, OnboardingCompleted = affiliate.OnboardingCompleted,
            ExternalUserId = affiliate.ExternalUserId, MetadataJson = affiliate.MetadataJson,
            CreatedAt = affiliate.CreatedAt, UpdatedAt = clock.GetUtcNow(),
        };
        return await WriteAsync(updated, """
            UPDATE affiliates SET group_id = @GroupId, name = @Name, email = @Email, tracking_id = @TrackingId, source = @Source,
                partnership_status = @PartnershipStatus, onboarding_completed = @OnboardingCompleted, external_user_id = @ExternalUserId,
                metadata_json = @MetadataJson, updated_at = @UpdatedAt
            WHERE id = @Id AND team_id = @TeamId AND deleted_at IS NULL
            """, ct);
    }

    /// <summary>Soft delete: the affiliate disappears from the API, its referrals and commissions stay for the ledger.</summary>
    public Task<bool> DeleteAsync(string teamId, string id, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var current = await connection.QuerySingleOrDefaultAsync<Affiliate>(
                "SELECT * FROM affiliates WHERE team_id = @teamId AND id = @id AND deleted_at IS NULL", new { teamId, id }, transaction);
            if (current is null)
                return false;
            var now = clock.GetUtcNow();
            await connection.ExecuteAsync("UPDATE affiliates SET deleted_at = @now WHERE id = @id", new { id, now }, transaction);
            await Outbox.EnqueueAsync(connection, transaction, teamId, OutboundEventTypes.AffiliateDeleted, OutboundPayloads.Affiliate(current), now);
            return true;
        }, ct);

    /// <summary>Checks uniqueness, writes, and records the outbound events, in one transaction.</summary>
    private async Task<(AffiliateWriteOutcome, Affiliate?)> WriteAsync(Affiliate affiliate, string sql, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (affiliate.GroupId is not null && await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM affiliate_groups WHERE id = @GroupId AND team_id = @TeamId", affiliate, transaction) == 0)
            return (AffiliateWriteOutcome.UnknownGroup, null);
        if (await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM affiliates WHERE program_id = @ProgramId AND tracking_id = @TrackingId AND id <> @Id AND deleted_at IS NULL", affiliate, transaction) > 0)
            return (AffiliateWriteOutcome.DuplicateTrackingId, null);
        if (await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM affiliates WHERE program_id = @ProgramId AND lower(email) = lower(@Email) AND id <> @Id AND deleted_at IS NULL", affiliate, transaction) > 0)
            return (AffiliateWriteOutcome.DuplicateEmail, null);
        var previousStatus = await connection.QuerySingleOrDefaultAsync<string?>(
            "SELECT partnership_status FROM affiliates WHERE id = @Id", affiliate, transaction);
        try
        {
            if (await connection.ExecuteAsync(sql, affiliate, transaction) != 1)
                return (AffiliateWriteOutcome.NotFound, null);
        }
        catch (DbException ex) when (BridgeDatabase.IsUniqueViolation(ex))
        {
            // A concurrent writer took the tracking id or e-mail between the checks and the write.
            return (AffiliateWriteOutcome.DuplicateTrackingId, null);
        }
        var now = clock.GetUtcNow();
        var data = OutboundPayloads.Affiliate(affiliate);
        await Outbox.EnqueueAsync(connection, transaction, affiliate.TeamId, previousStatus is null ? OutboundEventTypes.AffiliateCreated : OutboundEventTypes.AffiliateUpdated, data, now);
        if (affiliate.PartnershipStatus == PartnershipStatus.Approved && previousStatus != PartnershipStatus.Approved)
            await Outbox.EnqueueAsync(connection, transaction, affiliate.TeamId, OutboundEventTypes.AffiliateConfirmed, data, now);
        await transaction.CommitAsync(ct);
        return (AffiliateWriteOutcome.Saved, affiliate);
    }

    private static string GenerateTrackingId(string name)
    {
        var slug = new string(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(16).ToArray());
        return (slug.Length == 0 ? "partner" : slug) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
    }
}
