using System.Security.Cryptography;

namespace Bridge.Core.Outbound;

/// <summary>Merchant endpoints, their deliveries and attempt logs; claims for the dispatcher.</summary>
public sealed class OutboundStore(BridgeDatabase database, TimeProvider clock)
{
    /// <summary>A new endpoint with a fresh <c>whsec_</c> secret (returned once by the API and CLI).</summary>
    public async Task<OutboundEndpoint> CreateEndpointAsync(string teamId, string url, IReadOnlyList<string> eventTypes, string? description, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var endpoint = new OutboundEndpoint
        {
            Id = Id.New(IdPrefix.Endpoint, clock),
            TeamId = teamId,
            Url = url,
            Secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            EventTypes = string.Join(' ', eventTypes),
            Description = description,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync("""
            INSERT INTO outbound_endpoints (id, team_id, url, secret, event_types, description, enabled, created_at, updated_at)
            VALUES (@Id, @TeamId, @Url, @Secret, @EventTypes, @Description, @Enabled, @CreatedAt, @UpdatedAt)
            """, endpoint);
        return endpoint;
    }

    public async Task<IReadOnlyList<OutboundEndpoint>> ListEndpointsAsync(string teamId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<OutboundEndpoint>("SELECT * FROM outbound_endpoints WHERE team_id = @teamId ORDER BY created_at", new { teamId })).ToList();
    }

    public async Task<OutboundEndpoint?> GetEndpointAsync(string teamId, string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<OutboundEndpoint>("SELECT * FROM outbound_endpoints WHERE team_id = @teamId AND id = @id", new { teamId, id });
    }

    /// <summary>Changes url, subscriptions, description or enabled (re-enabling clears the failure streak).</summary>
    public async Task<OutboundEndpoint?> UpdateEndpointAsync(string teamId, string id, string? url, IReadOnlyList<string>? eventTypes, string? description, bool? enabled, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var changed = await connection.ExecuteAsync("""
            UPDATE outbound_endpoints SET url = COALESCE(@url, url), event_types = COALESCE(@types, event_types), description = COALESCE(@description, description),
                enabled = COALESCE(@enabled, enabled),
                disabled_reason = CASE WHEN @enabled = @yes THEN NULL ELSE disabled_reason END,
                consecutive_failures = CASE WHEN @enabled = @yes THEN 0 ELSE consecutive_failures END,
                failing_since = CASE WHEN @enabled = @yes THEN NULL ELSE failing_since END,
                updated_at = @now
            WHERE team_id = @teamId AND id = @id
            """, new { url, types = eventTypes is null ? null : string.Join(' ', eventTypes), description, enabled, yes = true, now = clock.GetUtcNow(), teamId, id });
        return changed == 0 ? null : await connection.QuerySingleAsync<OutboundEndpoint>("SELECT * FROM outbound_endpoints WHERE id = @id", new { id });
    }

    /// <summary>Deletes an endpoint and its undelivered deliveries (delivered history stays with the team).</summary>
    public Task<bool> DeleteEndpointAsync(string teamId, string id, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbound_endpoints WHERE team_id = @teamId AND id = @id", new { teamId, id }, transaction) == 0)
                return false;
            await connection.ExecuteAsync("DELETE FROM outbound_attempts WHERE delivery_id IN (SELECT id FROM outbound_deliveries WHERE endpoint_id = @id)", new { id }, transaction);
            await connection.ExecuteAsync("DELETE FROM outbound_deliveries WHERE endpoint_id = @id", new { id }, transaction);
            await connection.ExecuteAsync("DELETE FROM outbound_endpoints WHERE id = @id", new { id }, transaction);
            return true;
        }, ct);

    public async Task<IReadOnlyList<OutboundDelivery>> ListDeliveriesAsync(string teamId, string? status, int limit, string? startingAfter, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<OutboundDelivery>($"""
            SELECT * FROM outbound_deliveries WHERE team_id = @teamId {(status is null ? "" : "AND status = @status")} {(startingAfter is null ? "" : "AND id < @startingAfter")}
            ORDER BY id DESC LIMIT @limit
            """, new { teamId, status, startingAfter, limit })).ToList();
    }

    public async Task<OutboundDelivery?> GetDeliveryAsync(string teamId, string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<OutboundDelivery>("SELECT * FROM outbound_deliveries WHERE team_id = @teamId AND id = @id", new { teamId, id });
    }

    public async Task<IReadOnlyList<OutboundAttempt>> AttemptsAsync(string deliveryId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<OutboundAttempt>("SELECT * FROM outbound_attempts WHERE delivery_id = @deliveryId ORDER BY attempt", new { deliveryId })).ToList();
    }

    /// <summary>Queues one delivery (or, with <paramref name="id"/> null, every failed one of the team) to be sent again now.</summary>
    public async Task<int> ResendAsync(string teamId, string? id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync($"""
            UPDATE outbound_deliveries SET status = @pending, next_attempt_at = @now, claimed_until = NULL
            WHERE team_id = @teamId {(id is null ? "AND status = @failed" : "AND id = @id")}
            """, new { pending = DeliveryStatus.Pending, failed = DeliveryStatus.Failed, now = clock.GetUtcNow(), teamId, id });
    }

    /// <summary>Claims due deliveries of enabled endpoints (PostgreSQL: <c>SKIP LOCKED</c>, so instances share the work).</summary>
    public async Task<IReadOnlyList<(OutboundDelivery Delivery, OutboundEndpoint Endpoint)>> ClaimAsync(int batch, TimeSpan lease, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync(ct);
        var claimed = (await connection.QueryAsync<OutboundDelivery>($"""
            UPDATE outbound_deliveries SET claimed_until = @until
            WHERE id IN (
                SELECT d.id FROM outbound_deliveries d JOIN outbound_endpoints e ON e.id = d.endpoint_id
                WHERE d.status = @pending AND d.next_attempt_at <= @now AND (d.claimed_until IS NULL OR d.claimed_until < @now) AND e.enabled = @yes
                ORDER BY d.next_attempt_at, d.id LIMIT @batch {(database.IsPostgres ? "FOR UPDATE OF d SKIP LOCKED" : "")})
            RETURNING *
            """, new { until = now + lease, pending = DeliveryStatus.Pending, now, yes = true, batch })).ToList();
        if (claimed.Count == 0)
            return [];
        var endpoints = new Dictionary<string, OutboundEndpoint>();
        foreach (var endpointId in claimed.Select(d => d.EndpointId).Distinct())
            endpoints[endpointId] = await connection.QuerySingleAsync<OutboundEndpoint>("SELECT * FROM outbound_endpoints WHERE id = @endpointId", new { endpointId });
        return claimed.OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Select(d => (d, endpoints[d.EndpointId])).ToList();
    }

    /// <summary>
    /// Records an attempt and its consequence: delivered; retry at <paramref name="retryAt"/>; or failed (null retry).
    /// Tracks the endpoint's failure streak and disables it after sustained failure.
    /// </summary>
    public Task RecordAttemptAsync(OutboundDelivery delivery, OutboundAttempt attempt, bool success, DateTimeOffset? retryAt, int disableAfterFailures, TimeSpan disableAfterFailingFor, CancellationToken ct = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var now = clock.GetUtcNow();
            await connection.ExecuteAsync("""
                INSERT INTO outbound_attempts (delivery_id, attempt, attempted_at, status_code, latency_ms, response_snippet, error)
                VALUES (@DeliveryId, @Attempt, @AttemptedAt, @StatusCode, @LatencyMs, @ResponseSnippet, @Error)
                ON CONFLICT (delivery_id, attempt) DO NOTHING
                """, attempt, transaction);
            await connection.ExecuteAsync("""
                UPDATE outbound_deliveries SET status = @status, attempts = @Attempt, next_attempt_at = @retryAt, last_status_code = @StatusCode,
                    last_error = @Error, claimed_until = NULL, delivered_at = CASE WHEN @success = @yes THEN @now ELSE delivered_at END
                WHERE id = @DeliveryId
                """, new
            {
                status = success ? DeliveryStatus.Delivered : retryAt is null ? DeliveryStatus.Failed : DeliveryStatus.Pending,
                attempt.Attempt, retryAt, attempt.StatusCode, attempt.Error, success, yes = true, now, attempt.DeliveryId,
            }, transaction);
            if (success)
            {
                await connection.ExecuteAsync("UPDATE outbound_endpoints SET consecutive_failures = 0, failing_since = NULL WHERE id = @EndpointId", delivery, transaction);
                return;
            }
            await connection.ExecuteAsync("""
                UPDATE outbound_endpoints SET consecutive_failures = consecutive_failures + 1, failing_since = COALESCE(failing_since, @now) WHERE id = @EndpointId
                """, new { delivery.EndpointId, now }, transaction);
            await connection.ExecuteAsync("""
                UPDATE outbound_endpoints SET enabled = @no, disabled_reason = @reason, updated_at = @now
                WHERE id = @EndpointId AND enabled = @yes AND consecutive_failures >= @disableAfterFailures AND failing_since <= @since
                """, new
            {
                no = false, yes = true, now, delivery.EndpointId, disableAfterFailures, since = now - disableAfterFailingFor,
                reason = $"disabled after {disableAfterFailures}+ consecutive failed attempts over {disableAfterFailingFor.TotalHours:0} h (last: {attempt.Error ?? attempt.StatusCode?.ToString()})",
            }, transaction);
        }, ct);
}
