using System.Net.Http.Json;
using Bridge.Core.Affiliates;
using Bridge.Core.ApiKeys;
using Bridge.Core.Demo;
using Bridge.Providers;

namespace Bridge.Reliability.BadInput;

/// <summary>What a by-id route names: the kind of record its <c>{id}</c> is.</summary>
public static class Kinds
{
    public const string Click = "click";
    public const string Referral = "referral";
    public const string Affiliate = "affiliate";
    public const string Commission = "commission";
    public const string Payment = "payment";
    public const string Group = "group";
    public const string Connection = "connection";
    public const string InboundEvent = "inbound-event";
    public const string Endpoint = "endpoint";
    public const string Delivery = "delivery";

    /// <summary>The kind of id a route's <c>{id}</c> takes, by its path.</summary>
    public static string? ForRoute(string pattern) => pattern switch
    {
        _ when pattern.Contains("/referrals", StringComparison.Ordinal) => Referral,
        _ when pattern.Contains("/affiliates", StringComparison.Ordinal) => Affiliate,
        _ when pattern.Contains("/commissions", StringComparison.Ordinal) => Commission,
        _ when pattern.Contains("/conversions", StringComparison.Ordinal) => Commission,
        _ when pattern.Contains("/groups", StringComparison.Ordinal) => Group,
        _ when pattern.Contains("/connections", StringComparison.Ordinal) => Connection,
        _ when pattern.Contains("/inbound-events", StringComparison.Ordinal) || pattern.Contains("/console/events", StringComparison.Ordinal) => InboundEvent,
        _ when pattern.Contains("/endpoints", StringComparison.Ordinal) => Endpoint,
        _ when pattern.Contains("/deliveries", StringComparison.Ordinal) => Delivery,
        _ => null,
    };
}

/// <summary>
/// A team with one of everything, made through the API with its own key: a click, a lead, a referral, a second affiliate,
/// a conversion (commission + payment), a manual commission, a group, a Stripe connection with a delivered (signed)
/// event, an outbound endpoint and its deliveries. Its ids by kind, its secrets, and an HTTP client with its key.
/// </summary>
public sealed class SeededTeam
{
    public const string StripeFixture = "initial_one_time.checkout.session.completed.json";

    private SeededTeam(ReliabilityHost host, string teamId, string programId, string affiliateId, string apiKey)
    {
        Host = host;
        TeamId = teamId;
        ProgramId = programId;
        AffiliateId = affiliateId;
        ApiKey = apiKey;
        Client = host.ClientWithKey(apiKey);
    }

    public ReliabilityHost Host { get; }
    public string TeamId { get; }
    public string ProgramId { get; }
    public string AffiliateId { get; }
    public string ApiKey { get; }
    public HttpClient Client { get; }

    /// <summary>Ids by <see cref="Kinds"/>.</summary>
    public Dictionary<string, List<string>> Ids { get; } = [];

    public string ConnectionSecret { get; private set; } = "";
    public string ExternalUserId { get; private set; } = "";
    public string EndpointSecret { get; private set; } = "";

    public IEnumerable<string> AllIds => Ids.Values.SelectMany(ids => ids).Distinct();

    public string Id(string kind) => Ids[kind][0];

    /// <summary>The referral that signed up (the first referral id is a bare click).</summary>
    public string Lead => Ids[Kinds.Referral][1];

    /// <summary>A team with its program and approved affiliate, an all-scopes key, and nothing else yet.</summary>
    public static async Task<SeededTeam> CreateAsync(ReliabilityHost host, string name, CancellationToken ct)
    {
        var (team, program) = await host.Get<TeamProvisioning>().CreateTeamAsync($"{name} {Guid.NewGuid():N}", "USD", 30m, ct);
        var (_, affiliate) = await host.Get<AffiliateStore>().CreateAsync(new Affiliate
        {
            TeamId = team.Id,
            ProgramId = program.Id,
            Name = "Partner 123",
            Email = "partner123@example.com",
            TrackingId = "partner123",
            PartnershipStatus = PartnershipStatus.Approved,
        }, ct);
        var key = await host.Get<ApiKeyStore>().CreateAsync(team.Id, "reliability", ApiKeyScopes.All, ct: ct);
        var seeded = new SeededTeam(host, team.Id, program.Id, affiliate!.Id, key.PlainText);
        seeded.Ids[Kinds.Affiliate] = [affiliate.Id];
        return seeded;
    }

    /// <summary>Makes one record of every kind through the API (see the class summary).</summary>
    public async Task PopulateAsync(CancellationToken ct)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        // The endpoint first, so the signup and the conversion below write deliveries for it.
        var endpoint = await PostAsync("/v1/webhooks/endpoints", new { url = $"https://receiver-{tag}.example/hooks", events = new[] { "referral.*", "transaction.*", "affiliate.*" } }, ct);
        Add(Kinds.Endpoint, endpoint["id"]);
        EndpointSecret = endpoint["secret"]!.GetValue<string>();

        var click = await PostAsync("/v1/clicks", new { programId = ProgramId, trackingId = "partner123", ip = "203.0.113.9" }, ct);
        Add(Kinds.Click, click["id"]);
        Add(Kinds.Referral, click["id"]);
        var leadClick = (await PostAsync("/v1/clicks", new { programId = ProgramId, trackingId = "partner123" }, ct))["id"]!.GetValue<string>();
        ExternalUserId = $"user-{tag}";
        var lead = await PostAsync("/v1/signups", new { click_id = leadClick, email = $"lead-{tag}@example.com", external_user_id = ExternalUserId }, ct);
        Add(Kinds.Referral, lead["id"]);

        var affiliate = await PostAsync("/v1/affiliates", new { name = "Second Partner", email = $"second-{tag}@partners.example", program_id = ProgramId, tracking_id = $"second{tag}" }, ct);
        Add(Kinds.Affiliate, affiliate["id"]);
        var referral = await PostAsync("/v1/referrals", new { email = $"direct-{tag}@example.com", affiliate_id = AffiliateId, name = "Direct" }, ct);
        Add(Kinds.Referral, referral["id"]);

        var conversion = await PostAsync("/v1/conversions", new { referral_id = lead["id"]!.GetValue<string>(), sale_amount = 99.00m, sale_amount_currency = "USD", external_event_id = $"inv_{tag}" }, ct);
        Add(Kinds.Commission, conversion["id"]);
        Add(Kinds.Payment, conversion["payment_id"]);
        var manual = await PostAsync("/v1/commissions", new { referral_id = referral["id"]!.GetValue<string>(), sale_amount = 50m, commission_amount = 10m }, ct);
        Add(Kinds.Commission, manual["id"]);

        var group = await PostAsync("/v1/program/groups", new
        {
            name = $"VIP {tag}",
            incentives = new[] { new { type = "sale", amount = 40m, is_percentage = true, incentive_length = "months", length_value = 12 } },
        }, ct);
        Add(Kinds.Group, group["id"]);

        ConnectionSecret = "whsec_" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + tag;
        var connection = await PostAsync("/v1/connections", new { provider = "stripe", secret = ConnectionSecret, mode = "test" }, ct);
        Add(Kinds.Connection, connection["id"]);

        var body = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.FixturesOf("stripe"), StripeFixture)))!;
        body["id"] = $"evt_seed_{tag}";
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/stripe/{Id(Kinds.Connection)}") { Content = new ByteArrayContent(bytes) };
        foreach (var (header, value) in ProviderCatalog.Find("stripe")!.Sign(bytes, ConnectionSecret, DateTimeOffset.UtcNow, "unused"))
            request.Headers.TryAddWithoutValidation(header, value);
        var ack = await ReadAsync(await Host.RawClient().SendAsync(request, ct), ct);
        Add(Kinds.InboundEvent, ack["id"]);

        var deliveries = await GetDataAsync("/v1/webhooks/deliveries?limit=100", ct);
        foreach (var delivery in deliveries.AsArray())
            Add(Kinds.Delivery, delivery!["id"]);
        Assert.True(Ids.GetValueOrDefault(Kinds.Delivery)?.Count > 0, "the seeded changes wrote no outbound delivery");
    }

    /// <summary>Waits until the team's inbound events are settled (processed, ignored or failed).</summary>
    public async Task WaitForInboxAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var events = (await GetDataAsync("/v1/inbound-events?limit=100", ct)).AsArray();
            if (events.All(e => e!["status"]!.GetValue<string>() is "processed" or "ignored" or "failed"))
                return;
            Assert.True(DateTime.UtcNow < deadline, "inbound events did not settle: " + events.ToJsonString());
            await Task.Delay(100, ct);
        }
    }

    public async Task<JsonNode> GetDataAsync(string path, CancellationToken ct) =>
        (await ReadAsync(await Client.GetAsync(path, ct), ct))["data"]!;

    private async Task<JsonObject> PostAsync(string path, object body, CancellationToken ct) =>
        (await ReadAsync(await Client.PostAsJsonAsync(path, body, ct), ct))["data"]!.AsObject();

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private void Add(string kind, JsonNode? id)
    {
        if (!Ids.TryGetValue(kind, out var list))
            Ids[kind] = list = [];
        list.Add(id!.GetValue<string>());
    }
}
