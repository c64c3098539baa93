using System.Text.Json.Nodes;
using Bridge.Core.Commissions;
using Bridge.Core.Referrals;

namespace Bridge.Core.Outbound;

/// <summary>
/// The outbox: called inside the transaction that makes a change, it writes one delivery per enabled endpoint
/// subscribed to the event — so a change is reported if and only if it committed. The dispatcher sends them later.
/// </summary>
public static class Outbox
{
    public static async Task EnqueueAsync(DbConnection connection, DbTransaction? transaction, string teamId, string type, JsonObject data, DateTimeOffset now)
    {
        var enabled = await BatchReadCache.GetOrReadAsync("outbound_endpoints|" + teamId, async () => (await connection.QueryAsync<(string Id, string EventTypes)>(
            "SELECT id, event_types FROM outbound_endpoints WHERE team_id = @teamId AND enabled = @yes", new { teamId, yes = true }, transaction)).ToList());
        var endpoints = enabled.Where(e => OutboundEventTypes.Matches(e.EventTypes, type)).ToList();
        if (endpoints.Count == 0)
            return;
        var eventId = Id.New("evt");
        var payload = OutboundPayloads.Envelope(eventId, type, now, data);
        foreach (var endpoint in endpoints)
            await connection.ExecuteAsync("""
                INSERT INTO outbound_deliveries (id, team_id, endpoint_id, event_id, event_type, payload, status, attempts, next_attempt_at, created_at)
                VALUES (@id, @teamId, @endpointId, @eventId, @type, @payload, @pending, 0, @now, @now)
                """, new { id = Id.New(IdPrefix.Delivery), teamId, endpointId = endpoint.Id, eventId, type, payload, pending = DeliveryStatus.Pending, now }, transaction);
    }

    /// <summary>The transaction events a commission change fires: the specific one (created/approved/paid/rejected/deleted) and the universal <c>transaction.updated</c>.</summary>
    public static async Task CommissionChangedAsync(DbConnection connection, DbTransaction? transaction, Commission after, string? statusBefore, string cause, DateTimeOffset now)
    {
        var data = OutboundPayloads.Transaction(after);
        if (statusBefore is null)
        {
            await EnqueueAsync(connection, transaction, after.TeamId, OutboundEventTypes.TransactionCreated, data, now);
            return;
        }
        var specific = cause == "deleted" ? OutboundEventTypes.TransactionDeleted
            : statusBefore == after.Status ? null
            : after.Status switch
            {
                CommissionStatus.ReadyForPayment => OutboundEventTypes.TransactionApproved,
                CommissionStatus.Paid => OutboundEventTypes.TransactionPaid,
                CommissionStatus.Declined or CommissionStatus.Refunded => OutboundEventTypes.TransactionRejected,
                _ => null,
            };
        if (specific is not null)
            await EnqueueAsync(connection, transaction, after.TeamId, specific, data, now);
        if (cause != "deleted")
            await EnqueueAsync(connection, transaction, after.TeamId, OutboundEventTypes.TransactionUpdated, data, now);
    }

    /// <summary>A referral change: <c>referral.updated</c> (also on create) plus the specific event, if any.</summary>
    public static async Task ReferralChangedAsync(DbConnection connection, DbTransaction? transaction, Referral referral, string? specific, DateTimeOffset now)
    {
        var trackingId = await connection.QueryFirstOrDefaultAsync<string?>(
            "SELECT tracking_id FROM affiliates WHERE id = @AffiliateId", referral, transaction);
        var data = OutboundPayloads.Referral(referral, trackingId);
        if (specific is not null)
            await EnqueueAsync(connection, transaction, referral.TeamId, specific, data, now);
        if (specific != OutboundEventTypes.ReferralDeleted)
            await EnqueueAsync(connection, transaction, referral.TeamId, OutboundEventTypes.ReferralUpdated, data, now);
    }
}
