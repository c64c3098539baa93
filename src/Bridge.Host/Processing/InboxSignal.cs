namespace Bridge.Host.Processing;

/// <summary>Wakes the inbox workers the moment an event is stored or a parked one becomes due (they also poll, for other instances' inserts).</summary>
public sealed class InboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Notify()
    {
        if (_signal.CurrentCount < 64)
            _signal.Release();
    }

    /// <summary>Waits for a notification or the timeout; true when notified.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
