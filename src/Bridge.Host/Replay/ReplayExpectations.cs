using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Bridge.Providers.Fixtures;

namespace Bridge.Host.Replay;

public sealed record ExpectationResult(string Name, string? InboundEventId, string Status, IReadOnlyList<string> Differences)
{
    public bool Ok => Differences.Count == 0;
}

/// <summary>
/// <c>replay --expect</c>: asks the bridge (GET /v1/inbound-events/{id}) what each replayed event became and compares
/// it with what the fixture's sidecar says it must derive (the fields both name).
/// </summary>
public sealed class ReplayExpectations(HttpClient http, Uri baseUrl, string apiKey)
{
    private static readonly HashSet<string> Settled = ["processed", "ignored", "parked", "failed"];

    public async Task<ExpectationResult> CheckAsync(Delivery delivery, string? inboundEventId, TimeSpan timeout, CancellationToken ct)
    {
        if (inboundEventId is null)
            return new ExpectationResult(delivery.Name, null, "not stored", ["the bridge never accepted this event"]);
        var deadline = DateTime.UtcNow + timeout;
        JsonObject detail;
        while (true)
        {
            detail = await GetAsync(inboundEventId, ct);
            var status = detail["status"]?.GetValue<string>() ?? "?";
            if (Settled.Contains(status) || DateTime.UtcNow > deadline)
                break;
            await Task.Delay(100, ct);
        }
        var settledStatus = detail["status"]?.GetValue<string>() ?? "?";
        var differences = new List<string>();
        if (!Settled.Contains(settledStatus))
            differences.Add($"still {settledStatus} after {timeout.TotalSeconds:0} s");
        var expected = delivery.Sidecar?.Payments ?? [];
        var actual = detail["payments"]?.AsArray() ?? [];
        if (settledStatus == "failed" && expected.Any(p => p["kind"]?.GetValue<string>() != "ignored") && actual.Count == 0)
            differences.Add("failed: " + detail["reason"]);
        else if (actual.Count != expected.Count)
            differences.Add($"derived {actual.Count} payment(s), the sidecar expects {expected.Count}");
        for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++)
        {
            var shared = new JsonObject();
            foreach (var (name, value) in expected[i])
            {
                if (actual[i]!.AsObject().ContainsKey(name))
                    shared[name] = Normalize(name, value);
            }
            var got = new JsonObject();
            foreach (var (name, _) in shared)
                got[name] = Normalize(name, actual[i]![name]);
            differences.AddRange(PaymentEventJson.Differences(shared, got).Select(d => $"payment {i}: {d}"));
        }
        return new ExpectationResult(delivery.Name, inboundEventId, settledStatus, differences);
    }

    private async Task<JsonObject> GetAsync(string id, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, $"v1/inbound-events/{id}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request, ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))?.AsObject() ?? [];
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET /v1/inbound-events/{id} answered {(int)response.StatusCode}: {body["error"]?["message"]}");
        return body["data"]!.AsObject();
    }

    private static JsonNode? Normalize(string name, JsonNode? value) =>
        name == "occurred_at" && value is JsonValue text && DateTimeOffset.TryParse(text.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var instant)
            ? JsonValue.Create(instant.ToUnixTimeSeconds())
            : value?.DeepClone();
}
