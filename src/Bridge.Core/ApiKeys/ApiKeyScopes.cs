namespace Bridge.Core.ApiKeys;

/// <summary>
/// Permission scopes. The first group is Affonso's published list; the <c>delete:*</c> scopes exist there too.
/// <c>read:program</c>/<c>write:program</c> and the operator scopes (events, connections, webhooks) are the bridge's own.
/// </summary>
public static class ApiKeyScopes
{
    public const string ReadAffiliates = "read:affiliates";
    public const string WriteAffiliates = "write:affiliates";
    public const string DeleteAffiliates = "delete:affiliates";
    public const string ReadReferrals = "read:referrals";
    public const string WriteReferrals = "write:referrals";
    public const string DeleteReferrals = "delete:referrals";
    public const string CreateClicks = "create:clicks";
    public const string ReadCommissions = "read:commissions";
    public const string WriteCommissions = "write:commissions";
    public const string DeleteCommissions = "delete:commissions";
    public const string ReadPayouts = "read:payouts";
    public const string WritePayouts = "write:payouts";
    public const string ReadProgram = "read:program";
    public const string WriteProgram = "write:program";
    public const string ReadEvents = "read:events";
    public const string WriteEvents = "write:events";
    public const string ReadConnections = "read:connections";
    public const string WriteConnections = "write:connections";
    public const string ReadWebhooks = "read:webhooks";
    public const string WriteWebhooks = "write:webhooks";

    public static IReadOnlyList<string> All { get; } =
    [
        ReadAffiliates, WriteAffiliates, DeleteAffiliates, ReadReferrals, WriteReferrals, DeleteReferrals, CreateClicks,
        ReadCommissions, WriteCommissions, DeleteCommissions, ReadPayouts, WritePayouts, ReadProgram, WriteProgram,
        ReadEvents, WriteEvents, ReadConnections, WriteConnections, ReadWebhooks, WriteWebhooks,
    ];

    /// <summary>Parses a comma- or space-separated list; returns the unknown entries in <paramref name="unknown"/>.</summary>
    public static IReadOnlyList<string> Parse(string? text, out IReadOnlyList<string> unknown)
    {
        var requested = (text ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        unknown = requested.Where(scope => !All.Contains(scope)).ToList();
        return requested.Length == 0 ? All : requested.Where(All.Contains).Distinct().ToList();
    }
}
