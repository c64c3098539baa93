namespace Bridge.Api.Tests.Foundation;

/// <summary>Small helpers shared by the Foundation API tests: raw JSON requests, resources created through the API, JSON reads.</summary>
public static class ApiKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Sends <paramref name="json"/> verbatim (null: no body) with the given method.</summary>
    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, string? json = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null)
            request.Content = ApiAssert.Json(json);
        return client.SendAsync(request, Ct);
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.SendAsync(HttpMethod.Post, url, JsonSerializer.Serialize(body));

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.SendAsync(HttpMethod.Put, url, JsonSerializer.Serialize(body));

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body) =>
        client.SendAsync(HttpMethod.Patch, url, JsonSerializer.Serialize(body));

    public static Task<HttpResponseMessage> GetUrlAsync(this HttpClient client, string url) => client.SendAsync(HttpMethod.Get, url);

    public static Task<HttpResponseMessage> DeleteUrlAsync(this HttpClient client, string url) => client.SendAsync(HttpMethod.Delete, url);

    /// <summary>The <c>data</c> object of a success envelope with the expected status.</summary>
    public static async Task<JsonObject> DataAsync(this Task<HttpResponseMessage> response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await ApiAssert.StatusAsync(await response, expected);
        Assert.True(body["success"]!.GetValue<bool>());
        return body["data"]!.AsObject();
    }

    public static string Str(this JsonNode? node, string name) => node![name]!.GetValue<string>();

    public static string? StrOrNull(this JsonNode? node, string name) => node![name]?.GetValue<string>();

    public static List<string> Ids(this JsonObject listBody) => listBody["data"]!.AsArray().Select(item => item.Str("id")).ToList();

    /// <summary>The <c>error.details[].path</c> values of a 400.</summary>
    public static List<string> ErrorPaths(this JsonObject errorBody) =>
        errorBody["error"]!["details"]?.AsArray().Select(detail => detail.Str("path")).ToList() ?? [];

    /// <summary>Rows of the team in <c>referrals</c> (clicks and deleted ones included), read straight from the store.</summary>
    public static async Task<long> ReferralRowsAsync(this BridgeApplication app, string teamId)
    {
        await using var connection = await app.Get<BridgeDatabase>().OpenAsync(Ct);
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM referrals WHERE team_id = @teamId", new { teamId });
    }

    /// <summary>Another key of <paramref name="team"/> with only <paramref name="scopes"/>.</summary>
    public static async Task<string> ApiKeyForAsync(this BridgeApplication app, TestTeam team, IReadOnlyList<string> scopes, DateTimeOffset? expiresAt = null) =>
        (await app.Get<Bridge.Core.ApiKeys.ApiKeyStore>().CreateAsync(team.TeamId, "scoped", scopes, expiresAt, Ct)).PlainText;

    /// <summary>POST /v1/affiliates; returns the created affiliate.</summary>
    public static Task<JsonObject> CreateAffiliateAsync(this TestTeam team, string name, string? trackingId = null, string? email = null, string? status = null, string? groupId = null) =>
        team.Client.PostJsonAsync("/v1/affiliates", new
        {
            name,
            email = email ?? $"{Guid.NewGuid():N}@partners.example.com",
            program_id = team.ProgramId,
            tracking_id = trackingId,
            partnership_status = status,
            group_id = groupId,
        }).DataAsync(HttpStatusCode.Created);

    /// <summary>POST /v1/referrals; returns the created referral.</summary>
    public static Task<JsonObject> CreateReferralAsync(this TestTeam team, string email, string? affiliateId = null, DateTimeOffset? createdAt = null,
        string? status = null, string? externalUserId = null) =>
        team.Client.PostJsonAsync("/v1/referrals", new
        {
            email,
            affiliate_id = affiliateId ?? team.AffiliateId,
            created_at = createdAt?.ToString("O"),
            status,
            external_user_id = externalUserId,
        }).DataAsync(HttpStatusCode.Created);

    /// <summary>POST /v1/signups; returns the response (status not checked).</summary>
    public static Task<HttpResponseMessage> SignupAsync(this TestTeam team, string clickId, string? email = "jane@example.com", string? name = null, string? externalUserId = null) =>
        team.Client.PostJsonAsync("/v1/signups", new { click_id = clickId, email, name, external_user_id = externalUserId });

    /// <summary>GET /v1/referrals with the query string; returns the whole list body.</summary>
    public static async Task<JsonObject> ListReferralsAsync(this TestTeam team, string query = "") =>
        await ApiAssert.StatusAsync(await team.Client.GetUrlAsync("/v1/referrals" + query), HttpStatusCode.OK);
}
