using System.Net.Http.Headers;
using Bridge.Providers;
using Bridge.Providers.Fixtures;

namespace Bridge.Host.Replay;

/// <summary>One delivery to send: a provider event body and the headers it came with (signatures are made fresh).</summary>
public sealed record Delivery(string Name, string Provider, string EventId, byte[] Body, IReadOnlyDictionary<string, string> Headers, FixtureSidecar? Sidecar)
{
    public static Delivery From(CapturedEvent captured) =>
        new(captured.Name, captured.Sidecar.Provider, captured.Sidecar.EventId, captured.Body, captured.Sidecar.Headers, captured.Sidecar);
}

public sealed record SendResult(Delivery Delivery, int Status, string? InboundEventId, bool Duplicate, string? Error, TimeSpan Latency)
{
    public bool Accepted => Status == 200;
}

/// <summary>
/// The one sending path for replays (from fixture files or from a bridge's inbox): signs each body the way its provider
/// would — fresh timestamp, the provider's own scheme from its adapter — and posts it to
/// <c>{base}/webhooks/{provider}/{connection}</c>.
/// </summary>
public sealed class ReplaySender(HttpClient http, Uri baseUrl, string connectionId, string secret, TimeProvider clock)
{
    public async Task<SendResult> SendAsync(Delivery delivery, CancellationToken ct)
    {
        var provider = ProviderCatalog.Find(delivery.Provider)
            ?? throw new InvalidOperationException($"unknown provider '{delivery.Provider}' in {delivery.Name}");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, $"webhooks/{provider.Name}/{connectionId}"))
        {
            Content = new ByteArrayContent(delivery.Body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in delivery.Headers)
        {
            if (!name.Equals("content-type", StringComparison.OrdinalIgnoreCase) && !name.Equals("content-length", StringComparison.OrdinalIgnoreCase))
                request.Headers.TryAddWithoutValidation(name, value);
        }
        foreach (var (name, value) in provider.Sign(delivery.Body, secret, clock.GetUtcNow(), delivery.EventId))
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var started = clock.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var latency = clock.GetElapsedTime(started);
            var json = TryParse(text);
            if (response.StatusCode == System.Net.HttpStatusCode.OK)
                return new SendResult(delivery, 200, json?["id"]?.GetValue<string>(), json?["duplicate"]?.GetValue<bool>() ?? false, null, latency);
            var reason = json?["error"]?["message"]?.GetValue<string>() ?? (text.Length > 200 ? text[..200] : text);
            return new SendResult(delivery, (int)response.StatusCode, null, false, reason, latency);
        }
        catch (HttpRequestException ex)
        {
            return new SendResult(delivery, 0, null, false, ex.Message, clock.GetElapsedTime(started));
        }
    }

    private static System.Text.Json.Nodes.JsonNode? TryParse(string text)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
