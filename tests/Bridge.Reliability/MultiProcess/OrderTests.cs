using System.Diagnostics;
using System.Net.Http.Json;
using Bridge.Core.Affiliates;
using Bridge.Core.ApiKeys;
using Bridge.Core.Demo;
using Bridge.Core.Programs;
using Bridge.Core.Teams;
using Dapper;

namespace Bridge.Reliability.MultiProcess;

/// <summary>
/// Order: a referred customer's 6-event Stripe stream (subscription checkout, its first invoice, two renewals, a partial
/// and then the full refund of the last renewal), delivered to a running bridge process in permuted orders — each into
/// a fresh team and connection, each event processed before the next arrives — ends in exactly the commissions of the
/// in-order run. Bounded: a seeded sample of 10 of the 720 orders; full: all 720.
/// </summary>
[Collection(MultiProcessCollection.Name)]
public sealed class OrderTests
{
    private const int Parallel = 6;
    private const int Events = 6;

    [Fact]
    public async Task EveryOrderOfACustomersStreamEndsInTheSameLedger()
    {
        var ct = TestContext.Current.CancellationToken;
        var started = Stopwatch.GetTimestamp();
        var all = Permutations(Enumerable.Range(0, Events).ToArray()).ToList();
        Assert.Equal(720, all.Count);
        var random = new Random(7);
        // Bounded: the reversed stream and 9 seeded others (never the in-order one, which is the reference).
        var sample = ReliabilitySize.Full ? all : [all[^1], .. all.Skip(1).SkipLast(1).OrderBy(_ => random.Next()).Take(9)];

        var database = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync("order");
        var seed = await BridgeProcess.SeedAsync(database, ct);
        await using var bridge = BridgeProcess.Start(database);
        await bridge.WaitReadyAsync(seed.ApiKey, ct);
        await using var store = new BridgeDatabase(StoreOptions.Postgres(database));
        using var http = Webhooks.NewClient(64);

        var clean = await RunAsync(bridge, store, http, all[0], ct);
        Assert.Equal(3, clean.Count); // the checkout and its first invoice are one payment; two renewals, the last one refunded
        Assert.Equal("refunded", clean.Single(c => c!["payment"]!.GetValue<string>() == "in_3")!["status"]!.GetValue<string>());

        var failures = new List<string>();
        var ledgers = 0;
        foreach (var chunk in sample.Chunk(Parallel))
        {
            var results = await Task.WhenAll(chunk.Select(order => RunAsync(bridge, store, http, order, ct)));
            for (var i = 0; i < chunk.Length; i++)
            {
                ledgers++;
                if (!JsonNode.DeepEquals(clean, results[i]))
                    failures.Add($"order {string.Join(',', chunk[i])}: {results[i].ToJsonString()}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {sample.Count} orders diverged from the in-order ledger {clean.ToJsonString()}:\n" + string.Join('\n', failures.Take(5)));
        Assert.False(bridge.HasExited, "the bridge process died");

        var summary = string.Join(", ", clean.Select(c => $"{c!["payment"]} {c["commission_amount"]} {c["status"]}"));
        Figures.Print($"order: {sample.Count} of {all.Count} permutations of a {Events}-event stream (+ the in-order run) over 1 process, " +
                    $"{ledgers} ledgers identical to the in-order one [{summary}], diverged {failures.Count} ({Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s)");
    }

    /// <summary>A fresh team + connection + referral; the stream delivered in <paramref name="order"/>, each event settled before the next; the final commissions.</summary>
    private static async Task<JsonArray> RunAsync(BridgeProcess bridge, BridgeDatabase store, HttpClient http, int[] order, CancellationToken ct)
    {
        var (teamId, programId, apiKey) = await CreateTeamAsync(store, ct);
        using var api = Webhooks.ApiClient(bridge.Url, apiKey);
        var connection = (await Webhooks.ExpectAsync(await api.PostAsJsonAsync("/v1/connections", new { provider = "stripe", secret = Webhooks.StripeSecret, mode = "test" }, ct), ct))
            ["data"]!["id"]!.GetValue<string>();
        var click = await Webhooks.ReferralAsync(api, programId, TeamProvisioning.DemoTrackingId, "subscriber@shop.example", ct);

        var t = DateTimeOffset.UtcNow.AddDays(-70).ToUnixTimeSeconds();
        const long price = 12345;
        const long day = 86_400;
        (string Id, string Body)[] stream =
        [
            ("evt_s", StripeBodies.SubscriptionCheckout("evt_s", "cs_1", "in_1", "sub_1", "cus_1", price, "usd", click, t)),
            ("evt_i1", StripeBodies.InvoicePaid("evt_i1", "in_1", "subscription_create", "sub_1", "cus_1", price, "usd", t + 1, "pi_1", "ch_1")),
            ("evt_i2", StripeBodies.InvoicePaid("evt_i2", "in_2", "subscription_cycle", "sub_1", "cus_1", price, "usd", t + 30 * day, "pi_2", "ch_2")),
            ("evt_i3", StripeBodies.InvoicePaid("evt_i3", "in_3", "subscription_cycle", "sub_1", "cus_1", price, "usd", t + 60 * day, "pi_3", "ch_3")),
            ("evt_r1", StripeBodies.ChargeRefunded("evt_r1", "ch_3", "pi_3", "cus_1", price, 4321, "usd", t + 61 * day)),
            ("evt_r2", StripeBodies.ChargeRefunded("evt_r2", "ch_3", "pi_3", "cus_1", price, price, "usd", t + 62 * day)),
        ];
        foreach (var index in order)
        {
            var result = await Webhooks.DeliverAsync(http, bridge.Url, connection, stream[index].Id, stream[index].Body, ct);
            Assert.True(result.Acknowledged, $"{stream[index].Id} → {result.Status} {result.ErrorCode} {result.Failure}");
            await LedgerCheck.WaitSettledAsync(store.Options.ConnectionString, teamId, 0, TimeSpan.FromSeconds(60), ct, parkedIsOpen: false);
        }
        await LedgerCheck.WaitSettledAsync(store.Options.ConnectionString, teamId, Events, TimeSpan.FromSeconds(60), ct);
        await using (var db = await LedgerCheck.OpenAsync(store.Options.ConnectionString, ct))
        {
            var unprocessed = (await db.QueryAsync<string>(
                "SELECT provider_event_id || '=' || status || ' (' || coalesce(reason, '') || ')' FROM inbound_events WHERE team_id = @teamId AND status <> 'processed'",
                new { teamId })).ToList();
            Assert.True(unprocessed.Count == 0, $"order {string.Join(',', order)}: not processed: {string.Join("; ", unprocessed)}");
        }

        var commissions = (await Webhooks.ExpectAsync(await api.GetAsync("/v1/commissions?limit=100&sort=created_at", ct), ct))["data"]!.AsArray();
        var rows = commissions.Select(c => new JsonObject
        {
            ["payment"] = (c!["invoice_id"] ?? c["payment_intent_id"])?.GetValue<string>(),
            ["earning_type"] = c["earning_type"]!.GetValue<string>(),
            ["sale_amount"] = c["sale_amount"]!.GetValue<decimal>(),
            ["commission_amount"] = c["commission_amount"]!.GetValue<decimal>(),
            ["currency"] = c["commission_currency"]!.GetValue<string>(),
            ["status"] = c["status"]!.GetValue<string>(),
            ["sales_status"] = c["sales_status"]!.GetValue<string>(),
        });
        return new JsonArray(rows.OrderBy(r => r["payment"]?.GetValue<string>()).ThenBy(r => r["earning_type"]!.GetValue<string>()).Select(r => (JsonNode)r).ToArray());
    }

    /// <summary>A team with its program (30 % for life), the approved affiliate partner123 and an all-scopes key, written straight to the bridge's database.</summary>
    private static async Task<(string TeamId, string ProgramId, string ApiKey)> CreateTeamAsync(BridgeDatabase store, CancellationToken ct)
    {
        var clock = TimeProvider.System;
        var affiliates = new AffiliateStore(store, clock);
        var keys = new ApiKeyStore(store, clock);
        var provisioning = new TeamProvisioning(new TeamStore(store, clock), new ProgramStore(store, clock), affiliates, keys);
        var (team, program) = await provisioning.CreateTeamAsync($"order {Guid.NewGuid():N}", "USD", 30m, ct);
        var (_, affiliate) = await affiliates.CreateAsync(new Affiliate
        {
            TeamId = team.Id,
            ProgramId = program.Id,
            Name = "Partner 123",
            Email = "partner123@example.com",
            TrackingId = TeamProvisioning.DemoTrackingId,
            PartnershipStatus = PartnershipStatus.Approved,
        }, ct);
        Assert.NotNull(affiliate);
        var key = await keys.CreateAsync(team.Id, "order", ApiKeyScopes.All, ct: ct);
        return (team.Id, program.Id, key.PlainText);
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }
        for (var i = 0; i < items.Length; i++)
        {
            foreach (var rest in Permutations([.. items[..i], .. items[(i + 1)..]]))
                yield return [items[i], .. rest];
        }
    }
}
