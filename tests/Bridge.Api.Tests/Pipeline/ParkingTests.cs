using Bridge.Core.Inbox;
using Bridge.Host.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Api.Tests.Pipeline;

/// <summary>Events that refer to something not seen yet wait (parked), run right after it arrives, and fail after the window.</summary>
public sealed class ParkingTests
{
    private static long Unix(DateTimeOffset at) => at.ToUnixTimeSeconds();

    [Theory, BothStores]
    public async Task ParkedRenewalRunsRightAfterItsFirstPaymentArrives(StoreKind kind)
    {
        await using var app = new BridgeApplication(await TestStores.CreateAsync(kind), new Dictionary<string, string?> { ["Jobs:IntervalSeconds"] = "3600" });
        var team = await app.CreateTeamAsync();
        var connection = await team.ConnectAsync();
        var click = await team.ClickAsync();
        var t = Unix(DateTimeOffset.UtcNow.AddDays(-31));

        var renewal = await team.DeliverOkAsync(connection, StripeEvents.InvoicePaid("evt_r", "in_2", "subscription_cycle", "sub_9", "cus_9", 5000, "usd", t + 2_592_000));
        var parked = await team.WaitForAsync(renewal, "parked");
        Assert.Equal("waiting for the first payment of subscription sub_9", parked["reason"]!.GetValue<string>());
        Assert.Equal("renewal", parked["payments"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal(5000, parked["payments"]![0]!["amount_minor"]!.GetValue<long>());
        Assert.Equal("sub_9", parked["payments"]![0]!["subscription_id"]!.GetValue<string>());

        var started = DateTime.UtcNow;
        var first = await team.DeliverOkAsync(connection, StripeEvents.SubscriptionCheckout("evt_s", "cs_9", "in_1", "sub_9", "cus_9", 5000, "usd", click, t));
        await team.WaitForAsync(first, "processed");
        var done = await team.WaitForAsync(renewal, "processed");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the parked renewal waited for a sweep instead of running right after its payment");
        Assert.Equal(click, done["payments"]![0]!["referral_id"]!.GetValue<string>());
        Assert.Equal(2, (await team.CommissionsAsync()).Count);
    }

    [Theory, BothStores]
    public async Task RenewalWhoseFirstPaymentNeverArrivesFailsAfterTheParkingWindow(StoreKind kind)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new BridgeApplication(await TestStores.CreateAsync(kind), new Dictionary<string, string?> { ["Jobs:IntervalSeconds"] = "3600" },
            services => services.AddSingleton<TimeProvider>(clock));
        var team = await app.CreateTeamAsync();
        var connection = await team.ConnectAsync();
        var body = StripeEvents.InvoicePaid("evt_lonely", "in_7", "subscription_cycle", "sub_lonely", "cus_7", 5000, "usd", Unix(clock.GetUtcNow()));
        var ack = await ApiAssert.StatusAsync(await team.DeliverAsync(connection, body, signedAt: clock.GetUtcNow()), HttpStatusCode.OK);
        var id = ack["id"]!.GetValue<string>();
        var parked = await team.WaitForAsync(id, "parked");
        Assert.NotNull(parked["parked_until"]);

        clock.Advance(TimeSpan.FromHours(71));
        await app.Get<InboxStore>().ResumeParkedAsync(TestContext.Current.CancellationToken);
        app.Get<Bridge.Host.Processing.InboxSignal>().Notify();
        await team.WaitForAsync(id, "parked");

        clock.Advance(TimeSpan.FromHours(2));
        await app.Get<InboxStore>().ResumeParkedAsync(TestContext.Current.CancellationToken);
        app.Get<Bridge.Host.Processing.InboxSignal>().Notify();
        var failed = await team.WaitForAsync(id, "failed");
        Assert.Equal("no earlier payment of subscription sub_lonely arrived", failed["reason"]!.GetValue<string>());
        Assert.True(failed["attempt_log"]!.AsArray().Count >= 2);
    }

    [Theory, BothStores]
    public async Task ParkedEventsJobResumesDueEvents(StoreKind kind)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new BridgeApplication(await TestStores.CreateAsync(kind), new Dictionary<string, string?> { ["Jobs:IntervalSeconds"] = "3600" },
            services => services.AddSingleton<TimeProvider>(clock));
        var team = await app.CreateTeamAsync();
        var connection = await team.ConnectAsync();
        var ack = await ApiAssert.StatusAsync(await team.DeliverAsync(connection,
            StripeEvents.ChargeRefunded("evt_early_refund", "ch_x", "pi_x", "cus_x", 1000, 1000, "usd", Unix(clock.GetUtcNow())), signedAt: clock.GetUtcNow()), HttpStatusCode.OK);
        var id = ack["id"]!.GetValue<string>();
        var before = await team.WaitForAsync(id, "parked");

        clock.Advance(TimeSpan.FromMinutes(6));
        var job = new ParkedEventsJob(app.Get<InboxStore>(), app.Get<Bridge.Host.Processing.InboxSignal>());
        await job.Execute(null!, TestContext.Current.CancellationToken);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonObject after;
        do
        {
            after = await team.WaitForAsync(id, "parked");
        }
        while (after["attempts"]!.GetValue<int>() == before["attempts"]!.GetValue<int>() && DateTime.UtcNow < deadline && await Delay());
        Assert.True(after["attempts"]!.GetValue<int>() > before["attempts"]!.GetValue<int>(), "the sweep did not retry the parked event");
        Assert.Equal("waiting for payment pi_x", after["reason"]!.GetValue<string>());
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }
}
