using Snapshooter.Xunit3;

namespace Bridge.Api.Tests.Pipeline;

/// <summary>
/// A referred customer's whole Stripe life over HTTP: click → signup → checkout (told twice: session and first
/// invoice) → 3 renewals → partial refund → full refund, at 30 % lifetime. Checked against amounts computed by hand,
/// and the ledger against a snapshot.
/// </summary>
public sealed class StripeEndToEndTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, BothStores]
    public async Task ReferredSubscriptionEarnsExactlyTheHandComputedCommissions(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync(percent: 30m);
        var connection = await team.ConnectAsync();
        var click = await team.ClickAsync();
        await ApiAssert.StatusAsync(await team.Client.PostAsJsonAsync("/v1/signups", new { click_id = click, email = "jane@example.com", external_user_id = "user_42" }, Ct), HttpStatusCode.Created);

        var t = DateTimeOffset.UtcNow.AddDays(-100).ToUnixTimeSeconds();
        const long day = 86_400;
        string[] stream =
        [
            StripeEvents.SubscriptionCheckout("evt_session", "cs_1", "in_1", "sub_1", "cus_1", 9900, "usd", click, t),
            StripeEvents.InvoicePaid("evt_in_1", "in_1", "subscription_create", "sub_1", "cus_1", 9900, "usd", t + 1, "pi_1", "ch_1"),
            StripeEvents.InvoicePaid("evt_in_2", "in_2", "subscription_cycle", "sub_1", "cus_1", 9900, "usd", t + 30 * day, "pi_2", "ch_2"),
            StripeEvents.InvoicePaid("evt_in_3", "in_3", "subscription_cycle", "sub_1", "cus_1", 9900, "usd", t + 60 * day, "pi_3", "ch_3"),
            StripeEvents.InvoicePaid("evt_in_4", "in_4", "subscription_cycle", "sub_1", "cus_1", 9900, "usd", t + 90 * day, "pi_4", "ch_4"),
            StripeEvents.ChargeRefunded("evt_refund_partial", "ch_4", "pi_4", "cus_1", 9900, 4950, "usd", t + 91 * day),
            StripeEvents.ChargeRefunded("evt_refund_full", "ch_4", "pi_4", "cus_1", 9900, 9900, "usd", t + 92 * day),
        ];
        var inbound = new List<string>();
        foreach (var body in stream)
        {
            var id = await team.DeliverOkAsync(connection, body);
            await team.WaitForAsync(id, "processed");
            inbound.Add(id);
        }

        var commissions = await LedgerView.FinalStateAsync(team);
        Assert.Equal(4, commissions.Count);
        AssertCommission(commissions[0], "in_1", 99m, 29.7m, "ready_for_payment", "complete");
        AssertCommission(commissions[1], "in_2", 99m, 29.7m, "ready_for_payment", "complete");
        AssertCommission(commissions[2], "in_3", 99m, 29.7m, "ready_for_payment", "complete");
        AssertCommission(commissions[3], "in_4", 0m, 0m, "refunded", "refunded");

        var referral = (await ApiAssert.StatusAsync(await team.Client.GetAsync($"/v1/referrals/{click}?include=stats", Ct), HttpStatusCode.OK))["data"]!;
        Assert.Equal("active", referral["status"]!.GetValue<string>());
        Assert.Equal("cus_1", referral["customer_id"]!.GetValue<string>());
        Assert.Equal("sub_1", referral["subscription_id"]!.GetValue<string>());
        Assert.Equal(297m, referral["stats"]!["total_revenue"]!.GetValue<decimal>());
        Assert.Equal(89.1m, referral["stats"]!["total_commission"]!.GetValue<decimal>());
        Assert.Equal(4, referral["stats"]!["total_orders"]!.GetValue<long>());

        var duplicate = (await ApiAssert.StatusAsync(await team.Client.GetAsync($"/v1/inbound-events/{inbound[1]}", Ct), HttpStatusCode.OK))["data"]!;
        Assert.StartsWith("duplicate", duplicate["payments"]![0]!["outcome"]!.GetValue<string>());
        var partial = (await ApiAssert.StatusAsync(await team.Client.GetAsync($"/v1/inbound-events/{inbound[5]}", Ct), HttpStatusCode.OK))["data"]!;
        Assert.Equal("refund", partial["payments"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal(4950, partial["payments"]![0]!["cumulative_refunded_minor"]!.GetValue<long>());
        Assert.Equal(click, partial["payments"]![0]!["referral_id"]!.GetValue<string>());
        Assert.Single(partial["payments"]![0]!["commission_ids"]!.AsArray());

        Snapshot.Match(await LedgerView.EntriesAsync(team), "StripeSubscriptionLedger");
    }

    [Theory, BothStores]
    public async Task ZeroAndThreeDecimalCurrenciesStayExact(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        foreach (var (currency, amount, commission) in new[] { ("jpy", 4980L, 1494m), ("kwd", 5125L, 1.538m) })
        {
            var team = await app.CreateTeamAsync(currency: currency.ToUpperInvariant(), percent: 30m);
            var connection = await team.ConnectAsync();
            var click = await team.ClickAsync();
            var id = await team.DeliverOkAsync(connection, StripeEvents.OneTimeCheckout("evt_" + currency, "cs_" + currency, "pi_" + currency, "cus_" + currency, amount, currency, click,
                DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
            await team.WaitForAsync(id, "processed");
            var row = (await team.CommissionsAsync()).Single()!;
            Assert.Equal(currency.ToUpperInvariant(), row["sale_amount_currency"]!.GetValue<string>());
            Assert.Equal(commission, row["commission_amount"]!.GetValue<decimal>());
        }
    }

    private static void AssertCommission(JsonNode? row, string payment, decimal sale, decimal commission, string status, string salesStatus)
    {
        Assert.Equal(payment, row!["payment"]!.GetValue<string>());
        Assert.Equal(sale, row["sale_amount"]!.GetValue<decimal>());
        Assert.Equal(commission, row["commission_amount"]!.GetValue<decimal>());
        Assert.Equal(status, row["status"]!.GetValue<string>());
        Assert.Equal(salesStatus, row["sales_status"]!.GetValue<string>());
    }
}
