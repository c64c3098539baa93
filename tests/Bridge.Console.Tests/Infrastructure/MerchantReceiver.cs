namespace Bridge.Console.Tests.Infrastructure;

/// <summary>
/// Stands in for the merchant's webhook receiver (outbound HTTP is the only thing these tests replace): answers 200
/// while <see cref="Accepting"/>, else 503, and counts the calls.
/// </summary>
public sealed class MerchantReceiver : HttpMessageHandler
{
    private int _calls;

    public volatile bool Accepting = true;

    public int Calls => _calls;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(Accepting
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"ok\":true}") }
            : new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("{\"error\":\"down for maintenance\"}") });
    }
}
