using System.Net.Http.Headers;

namespace Bridge.Api.Tests.Contract;

/// <summary>
/// Sends requests the way <c>@affonso/sdk</c> 0.2.0 does (<c>src/http.ts</c>, <c>HttpClient.request</c>): base URL
/// <c>…/v1</c> + the resource path (ids through <c>encodeURIComponent</c>), the query built by <c>buildQueryString</c>
/// (null/undefined skipped, arrays as repeated keys, keys and values through <c>encodeURIComponent</c>), headers
/// <c>Authorization: Bearer</c>, <c>Content-Type: application/json</c> (on every request, body or not) and
/// <c>User-Agent: affonso-sdk/0.2.0</c>, and the body as <c>JSON.stringify(params)</c> with the SDK's own field names.
/// It then reads the response as the SDK does: a 2xx without <c>success: false</c>, else the error envelope.
/// </summary>
public sealed class SdkWire(BridgeApplication app, string apiKey)
{
    public const string UserAgent = "affonso-sdk/0.2.0";

    /// <summary>The request the SDK method sends; returns the parsed body of a successful response (fails the test otherwise).</summary>
    public async Task<JsonObject> RequestAsync(string method, string path, IEnumerable<(string Key, object? Value)>? query = null, JsonObject? body = null,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        var (status, json, _) = await SendAsync(method, path, query, body);
        Assert.True(status == expected, $"{method} {path}: expected {(int)expected}, got {(int)status}: {json.ToJsonString()}");
        // http.ts: `if (!response.ok || body.success === false)` → error.
        Assert.True(json["success"]?.GetValue<bool>() == true, $"{method} {path}: success is not true: {json.ToJsonString()}");
        return json;
    }

    public async Task<(HttpStatusCode Status, JsonObject Body, HttpResponseMessage Response)> SendAsync(string method, string path,
        IEnumerable<(string Key, object? Value)>? query = null, JsonObject? body = null)
    {
        var url = "/v1" + path + (query is null ? "" : BuildQueryString(query));
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        // fetch sends the Content-Type header even without a body; HttpClient needs (empty) content to carry it.
        request.Content = body is null ? new ByteArrayContent([]) : new StringContent(body.ToJsonString(), Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await app.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        // http.ts parses every non-204 response as JSON and fails on anything else.
        Assert.True(response.StatusCode != HttpStatusCode.NoContent, "the SDK expects a JSON body, got 204");
        var parsed = JsonNode.Parse(text) as JsonObject;
        Assert.True(parsed is not null, $"{method} {url}: response is not a JSON object: {text}");
        return (response.StatusCode, parsed, response);
    }

    /// <summary><c>buildQueryString</c> of http.ts.</summary>
    public static string BuildQueryString(IEnumerable<(string Key, object? Value)> query)
    {
        var parts = new List<string>();
        foreach (var (key, value) in query)
        {
            if (value is null)
                continue;
            if (value is System.Collections.IEnumerable list and not string)
            {
                foreach (var item in list)
                    parts.Add($"{EncodeUriComponent(key)}={EncodeUriComponent(JsString(item))}");
            }
            else
            {
                parts.Add($"{EncodeUriComponent(key)}={EncodeUriComponent(JsString(value))}");
            }
        }
        return parts.Count > 0 ? "?" + string.Join("&", parts) : "";
    }

    /// <summary>JavaScript's <c>encodeURIComponent</c>: like <see cref="Uri.EscapeDataString(string)"/> but leaving <c>!'()*</c> alone.</summary>
    public static string EncodeUriComponent(string value) =>
        Uri.EscapeDataString(value).Replace("%21", "!").Replace("%27", "'").Replace("%28", "(").Replace("%29", ")").Replace("%2A", "*");

    private static string JsString(object? value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };
}
