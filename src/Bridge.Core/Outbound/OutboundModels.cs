namespace Bridge.Core.Outbound;

/// <summary>The Affonso webhook event types a merchant endpoint can subscribe to (<c>affiliate.*</c> subscribes to all four).</summary>
public static class OutboundEventTypes
{
    public const string ReferralUpdated = "referral.updated";
    public const string ReferralLead = "referral.lead";
    public const string ReferralConverted = "referral.converted";
    public const string ReferralDeleted = "referral.deleted";
    public const string TransactionCreated = "transaction.created";
    public const string TransactionUpdated = "transaction.updated";
    public const string TransactionApproved = "transaction.approved";
    public const string TransactionPaid = "transaction.paid";
    public const string TransactionRejected = "transaction.rejected";
    public const string TransactionDeleted = "transaction.deleted";
    public const string AffiliateCreated = "affiliate.created";
    public const string AffiliateConfirmed = "affiliate.confirmed";
    public const string AffiliateUpdated = "affiliate.updated";
    public const string AffiliateDeleted = "affiliate.deleted";

    public static readonly IReadOnlyList<string> All =
    [
        ReferralUpdated, ReferralLead, ReferralConverted, ReferralDeleted, TransactionCreated, TransactionUpdated, TransactionApproved,
        TransactionPaid, TransactionRejected, TransactionDeleted, AffiliateCreated, AffiliateConfirmed, AffiliateUpdated, AffiliateDeleted,
    ];

    /// <summary>Accepts exact types and <c>prefix.*</c> wildcards; returns the unknown entries.</summary>
    public static IReadOnlyList<string> Unknown(IEnumerable<string> requested) =>
        requested.Where(type => !All.Contains(type) && !(type.EndsWith(".*", StringComparison.Ordinal) && All.Any(t => t.StartsWith(type[..^1], StringComparison.Ordinal)))).ToList();

    public static bool Matches(string subscriptions, string type) =>
        subscriptions.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => s == type || s == "*" || (s.EndsWith(".*", StringComparison.Ordinal) && type.StartsWith(s[..^1], StringComparison.Ordinal)));
}

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

public sealed class OutboundEndpoint
{
    public string Id { get; init; } = "";
    public string TeamId { get; init; } = "";
    public string Url { get; init; } = "";
    public string Secret { get; init; } = "";
    /// <summary>Space-separated subscriptions (types or <c>prefix.*</c>).</summary>
    public string EventTypes { get; init; } = "";
    public string? Description { get; init; }
    public bool Enabled { get; init; } = true;
    public string? DisabledReason { get; init; }
    public int ConsecutiveFailures { get; init; }
    public DateTimeOffset? FailingSince { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed class OutboundDelivery
{
    public string Id { get; init; } = "";
    public string TeamId { get; init; } = "";
    public string EndpointId { get; init; } = "";
    public string EventId { get; init; } = "";
    public string EventType { get; init; } = "";
    public string Payload { get; init; } = "";
    public string Status { get; init; } = DeliveryStatus.Pending;
    public int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public int? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
}

public sealed class OutboundAttempt
{
    public string DeliveryId { get; init; } = "";
    public int Attempt { get; init; }
    public DateTimeOffset AttemptedAt { get; init; }
    public int? StatusCode { get; init; }
    public int LatencyMs { get; init; }
    public string? ResponseSnippet { get; init; }
    public string? Error { get; init; }
}
