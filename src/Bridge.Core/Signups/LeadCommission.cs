using Bridge.Core.Commissions;
using Bridge.Core.Programs;
using Bridge.Core.Referrals;

namespace Bridge.Core.Signups;

/// <summary>
/// A lead incentive (<c>type: lead</c> on the affiliate's override or group) pays a fixed bonus for each signup that
/// is not rejected — created in the signup's transaction, so <c>transaction.created</c> fires with it.
/// </summary>
public static class LeadCommission
{
    public static async Task CreateAsync(DbConnection connection, DbTransaction transaction, Referral lead, bool postgres, TimeProvider clock)
    {
        var incentive = await IncentiveStore.ApplicableAsync(connection, transaction, lead.TeamId, lead.AffiliateId, IncentiveType.Lead);
        if (incentive is null || incentive.IsPercentage || incentive.FixedAmountMinor is not > 0)
            return;
        var now = clock.GetUtcNow();
        var (status, holdUntil) = CommissionRules.InitialStatus(incentive, now, now);
        var currency = incentive.FixedCurrency ?? "USD";
        await new CommissionWriter(connection, transaction, postgres, clock).InsertAsync(new Commission
        {
            Id = Id.New(IdPrefix.Commission, clock),
            TeamId = lead.TeamId,
            ProgramId = lead.ProgramId,
            ReferralId = lead.Id,
            AffiliateId = lead.AffiliateId,
            IncentiveId = incentive.Id,
            EarningType = EarningType.Lead,
            SaleCurrency = currency,
            OriginalCommissionMinor = incentive.FixedAmountMinor.Value,
            CommissionAmountMinor = incentive.FixedAmountMinor.Value,
            CommissionCurrency = currency,
            Status = status,
            SalesStatus = SalesStatus.Complete,
            HoldPeriodDays = incentive.HoldPeriodDays,
            HoldUntil = holdUntil,
            ApprovalType = incentive.ApprovalType,
            CreatedAt = now,
            UpdatedAt = now,
        }, "lead", lead.Id, $"lead incentive: {incentive.Name}");
    }
}
