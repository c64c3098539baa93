using Bridge.Core.Referrals;

namespace Bridge.Core.Payments;

/// <summary>
/// Which referral a payment belongs to, in order: an explicit referral id; the click / referral id from metadata or
/// <c>client_reference_id</c>; the referral whose signup carried the external user id; a provider customer or
/// subscription linked by an earlier attributed payment. None → unattributed.
/// </summary>
internal sealed class Attribution(DbConnection connection, DbTransaction transaction, PaymentStore payments)
{
    public async Task<Referral?> ResolveAsync(string teamId, PaymentFact fact)
    {
        foreach (var id in new[] { fact.ReferralId, fact.ClickId })
        {
            if (id is not null && await ReferralStore.GetAsync(connection, transaction, teamId, id) is { } named)
                return named;
        }
        if (fact.ExternalUserId is not null && await ByExternalUserAsync(teamId, fact.ExternalUserId) is { } signedUp)
            return signedUp;
        return await LinkedAsync(teamId, fact.Provider, fact.SubscriptionId, fact.CustomerId);
    }

    /// <summary>The referral linked to a subscription (first) or a customer.</summary>
    public async Task<Referral?> LinkedAsync(string teamId, string provider, string? subscriptionId, string? customerId)
    {
        var referralId = await payments.LinkedReferralAsync(teamId, provider, "subscription", subscriptionId)
                         ?? await payments.LinkedReferralAsync(teamId, provider, "customer", customerId);
        return referralId is null ? null : await ReferralStore.GetAsync(connection, transaction, teamId, referralId);
    }

    private async Task<Referral?> ByExternalUserAsync(string teamId, string externalUserId)
    {
        var id = await connection.QueryFirstOrDefaultAsync<string?>("""
            SELECT id FROM referrals WHERE team_id = @teamId AND external_user_id = @externalUserId AND deleted_at IS NULL AND status <> @rejected
            ORDER BY created_at DESC LIMIT 1
            """, new { teamId, externalUserId, rejected = ReferralStatus.Rejected }, transaction);
        return id is null ? null : await ReferralStore.GetAsync(connection, transaction, teamId, id);
    }
}
