namespace Bridge.Host.Features.Webhooks;

public sealed record RejectedWebhook(DateTimeOffset At, string Provider, string ConnectionId, string? TeamId, string Reason, string? RemoteIp);

/// <summary>A bounded in-memory log of the last refused webhook requests (reasons only: never secrets or signatures).</summary>
public sealed class RejectedWebhooks
{
    public const int Capacity = 200;
    private readonly Queue<RejectedWebhook> _entries = new();
    private readonly Lock _gate = new();

    public void Add(RejectedWebhook entry)
    {
        lock (_gate)
        {
            _entries.Enqueue(entry);
            while (_entries.Count > Capacity)
                _entries.Dequeue();
        }
    }

    public IReadOnlyList<RejectedWebhook> ForTeam(string teamId)
    {
        lock (_gate)
            return _entries.Where(entry => entry.TeamId == teamId).Reverse().ToList();
    }
}
