namespace Bridge.Api.Tests.Conversions;

/// <summary>Helpers for the conversions, events and commissions tests: raw JSON requests, conversions and refunds through the API, reads.</summary>
internal static class ConversionKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Sends <paramref name="body"/> as JSON (a string is sent verbatim; null: no body).</summary>
    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
            request.Content = ApiAssert.Json(body as string ?? JsonSerializer.Serialize(body));
        return client.SendAsync(request, Ct);
    }

    /// <summary>The <c>data</c> of a success envelope with the expected status.</summary>
    public static async Task<JsonObject> DataAsync(this Task<HttpResponseMessage> response, HttpStatusCode expected = HttpStatusCode.OK) =>
        (await BodyAsync(response, expected))["data"]!.AsObject();

    /// <summary>The whole success envelope with the expected status.</summary>
    public static async Task<JsonObject> BodyAsync(this Task<HttpResponseMessage> response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await ApiAssert.StatusAsync(await response, expected);
        Assert.True(body["success"]!.GetValue<bool>());
        return body;
    }

    /// <summary>A 400 VALIDATION_ERROR; returns its <c>details[].path</c>.</summary>
    public static async Task<List<string>> ValidationPathsAsync(this Task<HttpResponseMessage> response)
    {
        var body = await ApiAssert.ErrorAsync(await response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        return body["error"]!["details"]!.AsArray().Select(d => d!["path"]!.GetValue<string>()).ToList();
    }

    public static Task NotFoundAsync(this Task<HttpResponseMessage> response) => NotFoundCoreAsync(response);

    private static async Task NotFoundCoreAsync(Task<HttpResponseMessage> response) =>
        await ApiAssert.ErrorAsync(await response, HttpStatusCode.NotFound, "NOT_FOUND");

    public static string Str(this JsonNode? node, string name) => node![name]!.GetValue<string>();

    public static string? StrOrNull(this JsonNode? node, string name) => node![name]?.GetValue<string>();

    public static decimal Dec(this JsonNode? node, string name) => node![name]!.GetValue<decimal>();

    public static decimal? DecOrNull(this JsonNode? node, string name) => node![name]?.GetValue<decimal>();

    /// <summary>POST /v1/conversions.</summary>
    public static Task<HttpResponseMessage> PostConversionAsync(this TestTeam team, object body) =>
        team.Client.SendJsonAsync(HttpMethod.Post, "/v1/conversions", body);

    /// <summary>A 201 conversion for <paramref name="referralId"/>; returns the conversion object.</summary>
    public static Task<JsonObject> ConvertAsync(this TestTeam team, string referralId, decimal amount, string? eventId = null, string currency = "USD",
        DateTimeOffset? createdAt = null, string? customerId = null) =>
        team.PostConversionAsync(new
        {
            referral_id = referralId,
            customer_id = customerId,
            sale_amount = amount,
            sale_amount_currency = currency,
            external_event_id = eventId ?? $"inv_{Guid.NewGuid():N}",
            created_at = createdAt?.ToString("O"),
        }).DataAsync(HttpStatusCode.Created);

    /// <summary>POST /v1/conversions/{id}/refund (null body: no body at all).</summary>
    public static Task<HttpResponseMessage> RefundAsync(this TestTeam team, string conversionId, object? body = null) =>
        team.Client.SendJsonAsync(HttpMethod.Post, $"/v1/conversions/{conversionId}/refund", body);

    public static Task<HttpResponseMessage> PostEventAsync(this TestTeam team, object body) =>
        team.Client.SendJsonAsync(HttpMethod.Post, "/v1/events", body);

    /// <summary>GET /v1/commissions with the query string: the whole page body.</summary>
    public static Task<JsonObject> CommissionsAsync(this TestTeam team, string query = "") =>
        team.Client.SendJsonAsync(HttpMethod.Get, "/v1/commissions" + query).BodyAsync();

    public static Task<JsonObject> CommissionAsync(this TestTeam team, string id) =>
        team.Client.SendJsonAsync(HttpMethod.Get, $"/v1/commissions/{id}").DataAsync();

    public static async Task<JsonArray> LedgerAsync(this TestTeam team, string id) =>
        (await team.Client.SendJsonAsync(HttpMethod.Get, $"/v1/commissions/{id}/ledger").BodyAsync())["data"]!.AsArray();

    public static Task<JsonObject> PutCommissionAsync(this TestTeam team, string id, object body) =>
        team.Client.SendJsonAsync(HttpMethod.Put, $"/v1/commissions/{id}", body).DataAsync();

    /// <summary>POST /v1/commissions (manual): the created commission.</summary>
    public static Task<JsonObject> ManualCommissionAsync(this TestTeam team, object body) =>
        team.Client.SendJsonAsync(HttpMethod.Post, "/v1/commissions", body).DataAsync(HttpStatusCode.Created);

    /// <summary>Replaces the incentives of the team's default group (PATCH /v1/program/groups/{id}).</summary>
    public static async Task SetDefaultIncentiveAsync(this TestTeam team, object incentive)
    {
        var groups = (await team.Client.SendJsonAsync(HttpMethod.Get, "/v1/program/groups").BodyAsync())["data"]!.AsArray();
        var id = groups.Single(g => g!["is_default"]!.GetValue<bool>()).Str("id");
        await team.Client.SendJsonAsync(HttpMethod.Patch, $"/v1/program/groups/{id}", new { incentives = new[] { incentive } }).DataAsync();
    }

    /// <summary>A row count of the team, read straight from the store (<paramref name="table"/> must have a team_id).</summary>
    public static async Task<long> RowsAsync(this TestTeam team, string table)
    {
        await using var connection = await team.App.Get<BridgeDatabase>().OpenAsync(Ct);
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, $"SELECT COUNT(*) FROM {table} WHERE team_id = @teamId", new { teamId = team.TeamId });
    }

    /// <summary>(commission_amount, status, sales_status) of every commission in the list body, in order.</summary>
    public static List<(decimal Amount, string Status, string SalesStatus)> Summary(this JsonObject listBody) =>
        listBody["data"]!.AsArray().Select(c => (c.Dec("commission_amount"), c.Str("status"), c.Str("sales_status"))).ToList();

    public static List<string> Ids(this JsonObject listBody) => listBody["data"]!.AsArray().Select(c => c.Str("id")).ToList();
}
