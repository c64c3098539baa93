namespace Bridge.Core.Commissions;

/// <summary>
/// Writes commissions and their ledger inside the caller's transaction. Every change is a ledger row carrying its
/// cause, so a commission's amount is always the sum of its ledger.
/// </summary>
public sealed class CommissionWriter(DbConnection connection, DbTransaction transaction, bool postgres, TimeProvider clock)
{
    public const string Columns = """
        id, team_id, program_id, referral_id, affiliate_id, payment_id, incentive_id, earning_type, original_sale_minor, sale_amount_minor,
        sale_currency, original_commission_minor, commission_amount_minor, commission_currency, status, sales_status, hold_period_days,
        hold_until, approval_type, payment_intent_id, invoice_id, external_event_id, calculation_mode, adjusts_commission_id,
        is_subscription, metadata_json, created_at, updated_at
        """;

    public async Task InsertAsync(Commission commission, string cause, string? causeEventId, string? note = null)
    {
        await connection.ExecuteAsync($"""
            INSERT INTO commissions ({Columns})
            VALUES (@Id, @TeamId, @ProgramId, @ReferralId, @AffiliateId, @PaymentId, @IncentiveId, @EarningType, @OriginalSaleMinor, @SaleAmountMinor,
                @SaleCurrency, @OriginalCommissionMinor, @CommissionAmountMinor, @CommissionCurrency, @Status, @SalesStatus, @HoldPeriodDays,
                @HoldUntil, @ApprovalType, @PaymentIntentId, @InvoiceId, @ExternalEventId, @CalculationMode, @AdjustsCommissionId,
                @IsSubscription, @MetadataJson, @CreatedAt, @UpdatedAt)
            """, commission, transaction);
        await AppendLedgerAsync(commission, cause, causeEventId, commission.SaleAmountMinor, commission.CommissionAmountMinor, note, statusBefore: null);
    }

    public Task<Commission?> ForPaymentAsync(string paymentId) =>
        connection.QueryFirstOrDefaultAsync<Commission>(
            $"SELECT {Columns} FROM commissions WHERE payment_id = @paymentId AND earning_type = @direct AND deleted_at IS NULL"
            + (postgres ? " FOR UPDATE" : ""),
            new { paymentId, direct = EarningType.DirectCommission }, transaction);

    /// <summary>Changes amounts and statuses of an unpaid commission, with one ledger row for the change.</summary>
    public async Task<Commission> UpdateAsync(Commission current, long saleMinor, long commissionMinor, string status, string salesStatus, string cause, string? causeEventId, string? note = null)
    {
        var now = clock.GetUtcNow();
        await connection.ExecuteAsync("""
            UPDATE commissions SET sale_amount_minor = @saleMinor, commission_amount_minor = @commissionMinor, status = @status,
                sales_status = @salesStatus, updated_at = @now
            WHERE id = @Id
            """, new { saleMinor, commissionMinor, status, salesStatus, now, current.Id }, transaction);
        var updated = Copy(current, saleMinor, commissionMinor, status, salesStatus, now);
        await AppendLedgerAsync(updated, cause, causeEventId, saleMinor - current.SaleAmountMinor, commissionMinor - current.CommissionAmountMinor, note, current.Status);
        return updated;
    }

    /// <summary>What the affiliate keeps of a paid-out commission: its amount plus every clawback made against it.</summary>
    public Task<long> ClawedBackAsync(string commissionId) =>
        connection.ExecuteScalarAsync<long>(
            "SELECT COALESCE(SUM(commission_amount_minor), 0) FROM commissions WHERE adjusts_commission_id = @commissionId AND deleted_at IS NULL",
            new { commissionId }, transaction);

    /// <summary>A negative adjustment against a paid-out commission: history is never edited.</summary>
    public async Task<Commission> ClawBackAsync(Commission paid, long saleDeltaMinor, long commissionDeltaMinor, string status, string salesStatus, string cause, string causeEventId, string note)
    {
        var now = clock.GetUtcNow();
        var clawback = new Commission
        {
            Id = Id.New(IdPrefix.Commission, clock),
            TeamId = paid.TeamId,
            ProgramId = paid.ProgramId,
            ReferralId = paid.ReferralId,
            AffiliateId = paid.AffiliateId,
            PaymentId = paid.PaymentId,
            IncentiveId = paid.IncentiveId,
            EarningType = EarningType.Clawback,
            OriginalSaleMinor = saleDeltaMinor,
            SaleAmountMinor = saleDeltaMinor,
            SaleCurrency = paid.SaleCurrency,
            OriginalCommissionMinor = commissionDeltaMinor,
            CommissionAmountMinor = commissionDeltaMinor,
            CommissionCurrency = paid.CommissionCurrency,
            Status = status,
            SalesStatus = salesStatus,
            ApprovalType = paid.ApprovalType,
            PaymentIntentId = paid.PaymentIntentId,
            InvoiceId = paid.InvoiceId,
            CalculationMode = paid.CalculationMode,
            AdjustsCommissionId = paid.Id,
            IsSubscription = paid.IsSubscription,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await InsertAsync(clawback, cause, causeEventId, note);
        return clawback;
    }

    /// <summary>
    /// Appends the ledger row for a change and, in the same transaction, the outbound events it fires
    /// (<paramref name="statusBefore"/> null = the commission was created).
    /// </summary>
    public async Task AppendLedgerAsync(Commission after, string cause, string? causeEventId, long saleDelta, long commissionDelta, string? note, string? statusBefore)
    {
        await connection.ExecuteAsync("""
            INSERT INTO commission_ledger (id, team_id, commission_id, cause, cause_event_id, sale_delta_minor, commission_delta_minor,
                status_after, sales_status_after, note, created_at)
            VALUES (@id, @TeamId, @commissionId, @cause, @causeEventId, @saleDelta, @commissionDelta, @Status, @SalesStatus, @note, @now)
            """, new
        {
            id = Id.New(IdPrefix.LedgerEntry, clock), after.TeamId, commissionId = after.Id, cause, causeEventId, saleDelta, commissionDelta,
            after.Status, after.SalesStatus, note, now = clock.GetUtcNow(),
        }, transaction);
        await Outbound.Outbox.CommissionChangedAsync(connection, transaction, after, statusBefore, cause, clock.GetUtcNow());
    }

    public static Commission Copy(Commission c, long saleMinor, long commissionMinor, string status, string salesStatus, DateTimeOffset now) => new()
    {
        Id = c.Id, TeamId = c.TeamId, ProgramId = c.ProgramId, ReferralId = c.ReferralId, AffiliateId = c.AffiliateId, PaymentId = c.PaymentId,
        IncentiveId = c.IncentiveId, EarningType = c.EarningType, OriginalSaleMinor = c.OriginalSaleMinor, SaleAmountMinor = saleMinor,
        SaleCurrency = c.SaleCurrency, OriginalCommissionMinor = c.OriginalCommissionMinor, CommissionAmountMinor = commissionMinor,
        CommissionCurrency = c.CommissionCurrency, Status = status, SalesStatus = salesStatus, HoldPeriodDays = c.HoldPeriodDays,
        HoldUntil = c.HoldUntil, ApprovalType = c.ApprovalType, PaymentIntentId = c.PaymentIntentId, InvoiceId = c.InvoiceId,
        ExternalEventId = c.ExternalEventId, CalculationMode = c.CalculationMode, AdjustsCommissionId = c.AdjustsCommissionId,
        IsSubscription = c.IsSubscription, MetadataJson = c.MetadataJson, CreatedAt = c.CreatedAt, UpdatedAt = now,
    };
}
