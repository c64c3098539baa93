namespace Bridge.Api.Tests.Pipeline;

/// <summary>
/// Delivery chaos, as providers really behave: a referred customer's 5-event Stripe stream (checkout session, the
/// same first payment as an invoice, a renewal, a partial refund, the full refund) delivered in every one of the 120
/// orders, each event 3 times concurrently, must end in exactly the ledger of the clean, in-order run.
/// </summary>
public sealed class DeliveryChaosTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    private const int Parallel = 6;

    [Theory, BothStores]
    public async Task EveryOrderAndTripleDeliveryEndsInTheCleanLedger(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var clean = await RunAsync(app, [0, 1, 2, 3, 4], copies: 1);
        Assert.Equal(2, clean.Count);
        Assert.Equal(29.7m, clean[0]!["commission_amount"]!.GetValue<decimal>());
        Assert.Equal("refunded", clean[1]!["status"]!.GetValue<string>());

        var orders = Permutations([0, 1, 2, 3, 4]).ToList();
        Assert.Equal(120, orders.Count);
        var failures = new List<string>();
        foreach (var chunk in orders.Chunk(Parallel))
        {
            var results = await Task.WhenAll(chunk.Select(order => RunAsync(app, order, copies: 3)));
            for (var i = 0; i < chunk.Length; i++)
            {
                if (!JsonNode.DeepEquals(clean, results[i]))
                    failures.Add($"order {string.Join(',', chunk[i])}: {results[i].ToJsonString()}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} orders diverged from {clean.ToJsonString()}:\n" + string.Join('\n', failures.Take(5)));
    }

    /// <summary>Delivers the stream in <paramref name="order"/>, each event <paramref name="copies"/> times at once; returns the final commissions.</summary>
    private static async Task<JsonArray> RunAsync(BridgeApplication app, int[] order, int copies)
    {
        var team = await app.CreateTeamAsync(percent: 30m);
        var connection = await team.ConnectAsync();
        var click = await team.ClickAsync();
        var t = DateTimeOffset.UtcNow.AddDays(-40).ToUnixTimeSeconds();
        string[] stream =
        [
            StripeEvents.SubscriptionCheckout("evt_s", "cs_1", "in_1", "sub_1", "cus_1", 9900, "usd", click, t),
            StripeEvents.InvoicePaid("evt_i1", "in_1", "subscription_create", "sub_1", "cus_1", 9900, "usd", t + 1, "pi_1", "ch_1"),
            StripeEvents.InvoicePaid("evt_i2", "in_2", "subscription_cycle", "sub_1", "cus_1", 9900, "usd", t + 30 * 86_400, "pi_2", "ch_2"),
            StripeEvents.ChargeRefunded("evt_r1", "ch_2", "pi_2", "cus_1", 9900, 4950, "usd", t + 31 * 86_400),
            StripeEvents.ChargeRefunded("evt_r2", "ch_2", "pi_2", "cus_1", 9900, 9900, "usd", t + 32 * 86_400),
        ];
        foreach (var index in order)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, copies).Select(_ => team.DeliverAsync(connection, stream[index])));
            Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        }
        await team.WaitUntilSettledAsync(stream.Length);
        return await LedgerView.FinalStateAsync(team);
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
