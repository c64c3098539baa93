namespace Bridge.Api.Tests.Conversions;

/// <summary>POST /v1/conversions/{id}/refund: pro-rata reduction, cumulative partials, idempotency, and clawbacks after payout.</summary>
public sealed class RefundsTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    [Theory, BothStores]
    public async Task PartialRefundScalesTheCommissionLikeTheReferenceExample(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync("USD", 30m);
        var sale = await team.ConvertAsync(await team.LeadAsync(), 99.00m, "inv_2026_000145");
        Assert.Equal((99m, 29.7m, "ready_for_payment"), (sale.Dec("sale_amount"), sale.Dec("commission_amount"), sale.Str("status")));

        var refunded = await team.RefundAsync(sale.Str("id"), new { amount = 49.50m, currency = "USD", reason = "customer_cancellation", external_event_id = "re_1" })
            .DataAsync();
        Assert.Equal(sale.Str("id"), refunded.Str("id"));
        Assert.Equal((49.5m, 14.85m), (refunded.Dec("sale_amount"), refunded.Dec("commission_amount")));
        Assert.Equal(("49.5", "14.85"), (refunded["sale_amount"]!.ToJsonString(), refunded["commission_amount"]!.ToJsonString()));
        Assert.Equal(("ready_for_payment", "partial_refunded"), (refunded.Str("status"), refunded.Str("sales_status")));
        Assert.Equal(("inv_2026_000145", "auto"), (refunded.Str("external_event_id"), refunded.Str("calculation_mode")));
        Assert.Equal(sale.Str("created_at"), refunded.Str("created_at"));

        var stored = await team.CommissionAsync(sale.Str("id"));
        Assert.Equal((49.5m, 14.85m, "partial_refunded", 99m, 29.7m),
            (stored.Dec("sale_amount"), stored.Dec("commission_amount"), stored.Str("sales_status"), stored.Dec("original_sale_amount"), stored.Dec("original_commission_amount")));
        Assert.Equal(1, (await team.CommissionsAsync())["pagination"]!["total"]!.GetValue<int>());
    }

    [Theory, BothStores]
    public async Task PartialRefundsAreCumulativeAndTheRemainderEndsRefunded(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync("USD", 30m);
        var id = (await team.ConvertAsync(await team.LeadAsync(), 99m)).Str("id");
        await team.RefundAsync(id, new { amount = 49.50m }).DataAsync();

        // 24.75 of 99 remain: 29.70 × 24.75 / 99 = 7.425 → 7.43.
        var second = await team.RefundAsync(id, new { amount = 24.75m }).DataAsync();
        Assert.Equal((24.75m, 7.43m, "ready_for_payment", "partial_refunded"),
            (second.Dec("sale_amount"), second.Dec("commission_amount"), second.Str("status"), second.Str("sales_status")));

        // More than what remains: 400, and nothing changes.
        Assert.Equal(["amount"], await team.RefundAsync(id, new { amount = 24.76m }).ValidationPathsAsync());
        Assert.Equal((24.75m, 7.43m), ((await team.CommissionAsync(id)).Dec("sale_amount"), (await team.CommissionAsync(id)).Dec("commission_amount")));

        var rest = await team.RefundAsync(id, new { amount = 24.75m }).DataAsync();
        Assert.Equal((0m, 0m, "refunded", "refunded"), (rest.Dec("sale_amount"), rest.Dec("commission_amount"), rest.Str("status"), rest.Str("sales_status")));

        // Fully refunded: any further refund is 400.
        Assert.Equal(["amount"], await team.RefundAsync(id, new { amount = 0.01m }).ValidationPathsAsync());
        Assert.Equal(["amount"], await team.RefundAsync(id).ValidationPathsAsync());

        var ledger = await team.LedgerAsync(id);
        Assert.Equal(["payment", "refund", "refund", "refund"], ledger.Select(e => e.Str("cause")));
        Assert.Equal([29.7m, -14.85m, -7.42m, -7.43m], ledger.Select(e => e.Dec("commission_delta")));
        Assert.Equal([99m, -49.5m, -24.75m, -24.75m], ledger.Select(e => e.Dec("sale_delta")));
        Assert.Equal(0m, ledger.Sum(e => e.Dec("commission_delta")));
    }

    [Theory, BothStores]
    public async Task RefundValidationAndUnknownConversions(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var id = (await team.ConvertAsync(await team.LeadAsync(), 99m)).Str("id");
        Assert.Equal(["amount"], await team.RefundAsync(id, new { amount = 99.01m }).ValidationPathsAsync());
        Assert.Equal(["amount"], await team.RefundAsync(id, new { amount = 0m }).ValidationPathsAsync());
        Assert.Equal(["amount"], await team.RefundAsync(id, new { amount = -1m }).ValidationPathsAsync());
        Assert.Equal(["amount"], await team.RefundAsync(id, new { amount = 1.005m }).ValidationPathsAsync());
        Assert.Equal(["currency"], await team.RefundAsync(id, new { amount = 1m, currency = "EURO" }).ValidationPathsAsync());
        Assert.Equal(["currency"], await team.RefundAsync(id, new { amount = 1m, currency = "EUR" }).ValidationPathsAsync());
        var untouched = await team.CommissionAsync(id);
        Assert.Equal((99m, 29.7m, "complete"), (untouched.Dec("sale_amount"), untouched.Dec("commission_amount"), untouched.Str("sales_status")));

        await team.RefundAsync("com_unknown", new { amount = 1m }).NotFoundAsync();
        await team.RefundAsync("pmt_unknown").NotFoundAsync();
        // A manual commission has no payment: nothing to refund through the conversions API.
        var manual = await team.ManualCommissionAsync(new { referral_id = untouched.Str("referral_id"), sale_amount = 10m, commission_amount = 1m });
        await team.RefundAsync(manual.Str("id"), new { amount = 1m }).NotFoundAsync();
        // Another team's conversion is unknown here.
        var other = await team.App.CreateTeamAsync();
        await other.RefundAsync(id, new { amount = 1m }).NotFoundAsync();
        Assert.Equal(29.7m, (await team.CommissionAsync(id)).Dec("commission_amount"));
    }

    [Theory, BothStores]
    public async Task RefundExternalEventIdReplayIsIdempotent(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync("USD", 30m);
        var id = (await team.ConvertAsync(await team.LeadAsync(), 99m)).Str("id");
        var first = await team.RefundAsync(id, new { amount = 49.50m, external_event_id = "re_once" }).DataAsync();
        var ledgerRows = (await team.LedgerAsync(id)).Count;

        var replay = await team.RefundAsync(id, new { amount = 49.50m, external_event_id = "re_once" });
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var replayed = await Task.FromResult(replay).DataAsync();
        Assert.Equal((49.5m, 14.85m, "partial_refunded"), (replayed.Dec("sale_amount"), replayed.Dec("commission_amount"), replayed.Str("sales_status")));
        Assert.Equal(first.Str("updated_at"), replayed.Str("updated_at"));
        // Even with another amount, or more than remains, the replay changes nothing.
        await team.RefundAsync(id, new { amount = 60m, external_event_id = "re_once" }).DataAsync();
        Assert.Equal(ledgerRows, (await team.LedgerAsync(id)).Count);
        Assert.Equal(14.85m, (await team.CommissionAsync(id)).Dec("commission_amount"));

        var ledger = await team.LedgerAsync(id);
        Assert.Equal("re_once", ledger[^1].Str("cause_event_id"));
    }

    [Theory, BothStores]
    public async Task FullRefundWithoutAmountRefundsEverything(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync("USD", 30m);
        var sale = await team.ConvertAsync(await team.LeadAsync(), 99m);
        var refunded = await team.RefundAsync(sale.Str("id")).DataAsync();
        Assert.Equal((0m, 0m, "refunded", "refunded"), (refunded.Dec("sale_amount"), refunded.Dec("commission_amount"), refunded.Str("status"), refunded.Str("sales_status")));

        // An empty object body is the same full refund.
        var other = await team.ConvertAsync(await team.LeadAsync("b@example.com"), 10m);
        var viaEmpty = await team.RefundAsync(other.Str("id"), new { reason = "chargeback" }).DataAsync();
        Assert.Equal(("refunded", "refunded", 0m), (viaEmpty.Str("status"), viaEmpty.Str("sales_status"), viaEmpty.Dec("commission_amount")));

        var list = await team.CommissionsAsync("?status=refunded");
        Assert.Equal(2, list["pagination"]!["total"]!.GetValue<int>());
    }

    [Theory, BothStores]
    public async Task ADeclinedCommissionStaysDeclinedOnAFullRefund(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync("USD", 30m);
        var sale = await team.PostConversionAsync(new
        {
            referral_id = await team.LeadAsync(), sale_amount = 20m, sale_amount_currency = "USD", external_event_id = "dec_1", status = "declined",
        }).DataAsync(HttpStatusCode.Created);
        var refunded = await team.RefundAsync(sale.Str("id")).DataAsync();
        Assert.Equal(("declined", "refunded", 0m), (refunded.Str("status"), refunded.Str("sales_status"), refunded.Dec("commission_amount")));
    }

    [Theory, BothStores]
    public async Task RefundAfterPayoutLeavesThePaidCommissionAndAddsANegativeClawback(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync("USD", 30m);
        var sale = await team.ConvertAsync(await team.LeadAsync(), 99m, "inv_paid");
        var id = sale.Str("id");
        Assert.Equal("paid", (await team.PutCommissionAsync(id, new { status = "paid" })).Str("status"));

        var response = await team.RefundAsync(id, new { amount = 49.50m, external_event_id = "re_paid_1" }).DataAsync();
        Assert.Equal((id, "paid", 99m, 29.7m, "complete"),
            (response.Str("id"), response.Str("status"), response.Dec("sale_amount"), response.Dec("commission_amount"), response.Str("sales_status")));

        var original = await team.CommissionAsync(id);
        Assert.Equal(("paid", 99m, 29.7m, "complete"), (original.Str("status"), original.Dec("sale_amount"), original.Dec("commission_amount"), original.Str("sales_status")));
        Assert.Null(original["adjusts_commission_id"]);

        var all = await team.CommissionsAsync("?sort=created_at");
        Assert.Equal(2, all["pagination"]!["total"]!.GetValue<int>());
        var clawback = all["data"]!.AsArray().Single(c => c.Str("id") != id)!;
        Assert.Equal((id, "clawback", -49.5m, -14.85m), (clawback.Str("adjusts_commission_id"), clawback.Str("earning_type"), clawback.Dec("sale_amount"), clawback.Dec("commission_amount")));
        Assert.Equal(("ready_for_payment", "partial_refunded", sale.Str("referral_id"), team.AffiliateId),
            (clawback.Str("status"), clawback.Str("sales_status"), clawback.Str("referral_id"), clawback.Str("affiliate_id")));
        Assert.Equal("re_paid_1", Assert.Single(await team.LedgerAsync(clawback.Str("id")))!.Str("cause_event_id"));
        // A clawback's amounts are negative, and stay so when changed by hand.
        Assert.Equal(["commission_amount"], await team.Client.SendJsonAsync(HttpMethod.Put, $"/v1/commissions/{clawback.Str("id")}", new { commission_amount = 1m }).ValidationPathsAsync());
        Assert.Equal(-14.85m, (await team.CommissionAsync(clawback.Str("id"))).Dec("commission_amount"));

        // The rest of the refund claws back the rest: the affiliate keeps nothing.
        await team.RefundAsync(id).DataAsync();
        var after = await team.CommissionsAsync($"?referral_id={sale.Str("referral_id")}&sort=commission_amount");
        Assert.Equal([(-14.85m, "ready_for_payment", "partial_refunded"), (-14.85m, "ready_for_payment", "refunded"), (29.7m, "paid", "complete")], after.Summary());
        Assert.Equal(0m, after["data"]!.AsArray().Sum(c => c.Dec("commission_amount")));
        Assert.Equal(["refunded"], (await team.CommissionsAsync("?sales_status=refunded"))["data"]!.AsArray().Select(c => c.Str("sales_status")));
        Assert.Equal(["amount"], await team.RefundAsync(id, new { amount = 1m }).ValidationPathsAsync());
    }
}
