namespace Bridge.Core.Commissions;

/// <summary>
/// Ends hold periods: a <c>pending</c> commission whose hold is over becomes <c>ready_for_payment</c> (or
/// <c>pending_manual_approval</c> when its incentive needs manual approval), with a ledger row. Run by a Quartz job.
/// </summary>
public sealed class HoldRelease(BridgeDatabase database, TimeProvider clock)
{
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            var due = (await connection.QueryAsync<Commission>($"""
                SELECT {CommissionWriter.Columns} FROM commissions
                WHERE status = @pending AND hold_until IS NOT NULL AND hold_until <= @now AND deleted_at IS NULL
                ORDER BY hold_until LIMIT 500
                """, new { pending = CommissionStatus.Pending, now }, transaction)).ToList();
            var writer = new CommissionWriter(connection, transaction, database.IsPostgres, clock);
            foreach (var commission in due)
            {
                var next = CommissionRules.AfterHold(commission.ApprovalType);
                var changed = await connection.ExecuteAsync(
                    "UPDATE commissions SET status = @next, updated_at = @now WHERE id = @Id AND status = @pending",
                    new { next, now, commission.Id, pending = CommissionStatus.Pending }, transaction);
                if (changed == 1)
                    await writer.AppendLedgerAsync(CommissionWriter.Copy(commission, commission.SaleAmountMinor, commission.CommissionAmountMinor, next, commission.SalesStatus, now),
                        "hold_released", null, 0, 0, $"hold of {commission.HoldPeriodDays} days ended", commission.Status);
            }
            return due.Count;
        }, ct);
    }
}
