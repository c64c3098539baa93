using Bridge.Core.Commissions;

namespace Bridge.Api.Tests.Conversions;

/// <summary>What the affiliate's incentive decides for a conversion: how many payments it pays, and the hold before payment.</summary>
public sealed class IncentiveRulesTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.Date.AddDays(-200);

    private static async Task<List<decimal?>> CommissionAmountsAsync(TestTeam team, string referral, params int[] daysAfterStart)
    {
        var amounts = new List<decimal?>();
        foreach (var day in daysAfterStart)
        {
            var conversion = await team.PostConversionAsync(new
            {
                referral_id = referral, sale_amount = 100m, sale_amount_currency = "USD", external_event_id = $"pay_day_{day}_{referral}", created_at = Start.AddDays(day).ToString("O"),
            }).DataAsync(HttpStatusCode.Created);
            amounts.Add(conversion.DecOrNull("commission_amount"));
        }
        return amounts;
    }

    [Theory, BothStores]
    public async Task OncePaysOnlyTheFirstConversionOfAReferral(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync("USD", 30m);
        var terms = await team.Client.SendJsonAsync(HttpMethod.Patch, "/v1/program/payment-terms", new { commission_duration = "once" }).DataAsync();
        Assert.Equal("once", terms.Str("commission_duration"));
        var first = await team.LeadAsync("a@example.com");
        var second = await team.LeadAsync("b@example.com");
        Assert.Equal([30m, null, null], await CommissionAmountsAsync(team, first, 0, 10, 40));
        Assert.Equal([30m], await CommissionAmountsAsync(team, second, 5));

        // The unpaid conversion is still a conversion: no commission fields, the payment's id, its sale.
        var unpaid = await team.PostConversionAsync(new { referral_id = first, sale_amount = 12.5m, sale_amount_currency = "USD", external_event_id = "late" })
            .DataAsync(HttpStatusCode.Created);
        Assert.StartsWith("pmt_", unpaid.Str("id"));
        Assert.Equal((12.5m, "complete", "late"), (unpaid.Dec("sale_amount"), unpaid.Str("sales_status"), unpaid.Str("external_event_id")));
        Assert.Null(unpaid["commission_amount"]);
        Assert.Null(unpaid["status"]);
        Assert.Null(unpaid["matched_incentive_id"]);
        var refunded = await team.RefundAsync(unpaid.Str("id"), new { amount = 2.5m }).DataAsync();
        Assert.Equal((10m, "partial_refunded"), (refunded.Dec("sale_amount"), refunded.Str("sales_status")));

        var list = await team.CommissionsAsync();
        Assert.Equal(2, list["pagination"]!["total"]!.GetValue<int>());
        Assert.Equal(5L, await team.RowsAsync("payments"));
    }

    [Theory, BothStores]
    public async Task PaymentsNPaysTheFirstNConversions(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync("USD", 30m);
        await team.SetDefaultIncentiveAsync(new { amount = 20, is_percentage = true, incentive_length = "payments", length_value = 2 });
        var referral = await team.LeadAsync();
        Assert.Equal([20m, 20m, null, null], await CommissionAmountsAsync(team, referral, 0, 30, 60, 90));
    }

    [Theory, BothStores]
    public async Task MonthsNPaysConversionsWithinNMonthsOfTheFirst(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync("USD", 30m);
        var terms = await team.Client.SendJsonAsync(HttpMethod.Patch, "/v1/program/payment-terms", new { commission_duration = "custom", commission_duration_value = 2 })
            .DataAsync();
        Assert.Equal(("custom", 2), (terms.Str("commission_duration"), terms["commission_duration_value"]!.GetValue<int>()));
        var referral = await team.LeadAsync();
        Assert.Equal([30m, 30m, 30m, null], await CommissionAmountsAsync(team, referral, 0, 31, 58, 65));

        // Through a group: months 1.
        await team.SetDefaultIncentiveAsync(new { amount = 10, incentive_length = "months", length_value = 1 });
        var other = await team.LeadAsync("other@example.com");
        Assert.Equal([10m, 10m, null], await CommissionAmountsAsync(team, other, 0, 25, 35));
    }

    [Theory, BothStores]
    public async Task AFixedIncentivePaysItsAmount(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync("USD", 30m);
        await team.SetDefaultIncentiveAsync(new { amount = 7.5, is_percentage = false, currency = "USD" });
        var conversion = await team.ConvertAsync(await team.LeadAsync(), 99m);
        Assert.Equal((7.5m, "USD"), (conversion.Dec("commission_amount"), conversion.Str("commission_currency")));
        var half = await team.RefundAsync(conversion.Str("id"), new { amount = 49.5m }).DataAsync();
        Assert.Equal(3.75m, half.Dec("commission_amount"));
    }

    [Theory, BothStores]
    public async Task AHoldPeriodMakesThemPendingUntilTheReleaseRuns(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync("USD", 30m);
        await team.SetDefaultIncentiveAsync(new { amount = 30, hold_period_days = 7 });
        var referral = await team.LeadAsync();
        var release = app.Get<HoldRelease>();

        var fresh = await team.ConvertAsync(referral, 99m, "held_now");
        Assert.Equal(("pending", 7, 29.7m), (fresh.Str("status"), fresh["hold_period_days"]!.GetValue<int>(), fresh.Dec("commission_amount")));

        // Three days old: still held for four days.
        var older = await team.ConvertAsync(referral, 50m, "held_3d", createdAt: DateTimeOffset.UtcNow.AddDays(-3));
        Assert.Equal("pending", older.Str("status"));
        await release.RunOnceAsync(ConversionKit.Ct);
        Assert.Equal(["pending", "pending"], (await team.CommissionsAsync()).Summary().Select(c => c.Status));

        // Already older than the hold: ready at once.
        var old = await team.ConvertAsync(referral, 10m, "held_10d", createdAt: DateTimeOffset.UtcNow.AddDays(-10));
        Assert.Equal(("ready_for_payment", 7), (old.Str("status"), old["hold_period_days"]!.GetValue<int>()));

        // The hold shortened to two days counts from the conversion's own time: now over, so the release makes it ready.
        var shortened = await team.PutCommissionAsync(older.Str("id"), new { hold_period_days = 2 });
        Assert.Equal(("pending", 2), (shortened.Str("status"), shortened["hold_period_days"]!.GetValue<int>()));
        await release.RunOnceAsync(ConversionKit.Ct);
        Assert.Equal("ready_for_payment", (await team.CommissionAsync(older.Str("id"))).Str("status"));
        Assert.Equal("pending", (await team.CommissionAsync(fresh.Str("id"))).Str("status"));
        var ledger = await team.LedgerAsync(older.Str("id"));
        Assert.Equal([("payment", "pending"), ("manual_update", "pending"), ("hold_released", "ready_for_payment")],
            ledger.Select(e => (e.Str("cause"), e.Str("status_after"))));
        Assert.Equal(0m, ledger[^1].Dec("commission_delta"));

        // Set back to pending by hand, it stays pending: the merchant's status is not released again by the sweep.
        Assert.Equal("pending", (await team.PutCommissionAsync(older.Str("id"), new { status = "pending" })).Str("status"));
        await release.RunOnceAsync(ConversionKit.Ct);
        Assert.Equal("pending", (await team.CommissionAsync(older.Str("id"))).Str("status"));

        // A manual commission's hold runs from its created_at.
        var manual = await team.ManualCommissionAsync(new
        {
            referral_id = referral, sale_amount = 10m, commission_amount = 1m, hold_period_days = 3, created_at = DateTimeOffset.UtcNow.AddDays(-4).ToString("O"),
        });
        var manualFresh = await team.ManualCommissionAsync(new { referral_id = referral, sale_amount = 10m, commission_amount = 1m, hold_period_days = 3 });
        Assert.Equal(("pending", "pending"), (manual.Str("status"), manualFresh.Str("status")));
        await release.RunOnceAsync(ConversionKit.Ct);
        Assert.Equal(("ready_for_payment", "pending"), ((await team.CommissionAsync(manual.Str("id"))).Str("status"), (await team.CommissionAsync(manualFresh.Str("id"))).Str("status")));
    }

    [Theory, BothStores]
    public async Task ManualApprovalEndsInPendingManualApproval(StoreKind kind)
    {
        var app = await apps.GetAsync(kind);
        var team = await app.CreateTeamAsync("USD", 30m);
        await team.SetDefaultIncentiveAsync(new { amount = 30, approval_type = "manual" });
        var referral = await team.LeadAsync();
        Assert.Equal("pending_manual_approval", (await team.ConvertAsync(referral, 20m)).Str("status"));

        await team.SetDefaultIncentiveAsync(new { amount = 30, approval_type = "manual", hold_period_days = 5 });
        var held = await team.ConvertAsync(referral, 20m, createdAt: DateTimeOffset.UtcNow.AddDays(-4));
        Assert.Equal(("pending", 5), (held.Str("status"), held["hold_period_days"]!.GetValue<int>()));
        await team.PutCommissionAsync(held.Str("id"), new { hold_period_days = 3 });
        await app.Get<HoldRelease>().RunOnceAsync(ConversionKit.Ct);
        Assert.Equal("pending_manual_approval", (await team.CommissionAsync(held.Str("id"))).Str("status"));

        // The merchant approves by hand.
        var approved = await team.PutCommissionAsync(held.Str("id"), new { status = "ready_for_payment" });
        Assert.Equal("ready_for_payment", approved.Str("status"));
    }
}
