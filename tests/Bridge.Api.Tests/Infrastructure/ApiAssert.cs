namespace Bridge.Api.Tests.Infrastructure;

public static class ApiAssert
{
    /// <summary>Asserts the status and returns the parsed JSON body.</summary>
    public static async Task<JsonObject> StatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Asserts Affonso's error envelope with the given status and code.</summary>
    public static async Task<JsonObject> ErrorAsync(HttpResponseMessage response, HttpStatusCode expected, string code)
    {
        var body = await StatusAsync(response, expected);
        Assert.False(body["success"]!.GetValue<bool>());
        Assert.Equal(code, body["error"]!["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(body["error"]!["message"]!.GetValue<string>()));
        return body;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
