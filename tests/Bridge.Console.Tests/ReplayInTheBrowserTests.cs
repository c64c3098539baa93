using static Microsoft.Playwright.Assertions;

namespace Bridge.Console.Tests;

/// <summary>The operator's main path, in Debian's Chromium: sign in, find a failed event, replay it, see it processed.</summary>
public sealed class ReplayInTheBrowserTests(ConsoleFixture fixture)
{
    private readonly ConsoleApp _app = fixture.App;

    [Fact]
    public async Task OperatorFindsAFailedEventReplaysItAndSeesItProcessed()
    {
        var team = await _app.CreateTeamAsync();
        var connection = await team.ConnectStripeAsync();
        var click = await team.ClickAsync();
        var subscription = "sub_" + Guid.NewGuid().ToString("N")[..12];
        // A renewal whose subscription never had a first payment: parked, then failed when the (1 s) window ends.
        var renewal = await team.DeliverOkAsync(connection, StripeBodies.RenewalPaid("evt_renewal_" + subscription, "in_2_" + subscription, subscription, "cus_a", 5000));
        var stuck = await team.DeliverOkAsync(connection, StripeBodies.RenewalPaid("evt_renewal_lost", "in_lost", "sub_lost_" + subscription, "cus_b", 2500));
        await team.DeliverOkAsync(connection, StripeBodies.CustomerCreated("evt_customer_" + subscription, "a customer"));
        await team.DeliverAsync(connection, StripeBodies.CustomerCreated("evt_forged", "forged"), secret: "whsec_not_the_right_one_000000");
        await team.WaitForAsync(renewal, "failed");
        await team.WaitForAsync(stuck, "failed");

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/console/events");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/login\\?return_url=%2Fconsole%2Fevents$"));
        await page.SignInAsync(team.ApiKey);
        await Expect(page).ToHaveURLAsync(ConsoleBrowsing.Path("/console/events"));
        await Expect(page.Locator("#refused")).ToContainTextAsync("signature");

        await page.Locator("select[name=status]").SelectOptionAsync("failed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("status=failed"));
        await Expect(page.Locator("#events tbody tr")).ToHaveCountAsync(2);
        var row = page.Locator("#events tbody tr", new() { HasText = renewal });
        await Expect(row).ToContainTextAsync("no earlier payment of subscription " + subscription);
        await page.GetByPlaceholder("event id, provider id or reason").FillAsync("evt_renewal_" + subscription);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.Locator("#events tbody tr")).ToHaveCountAsync(1);
        await row.GetByRole(AriaRole.Link, new() { Name = renewal }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ConsoleBrowsing.Path("/console/events/" + renewal));
        await Expect(page.Locator("#summary .status")).ToHaveTextAsync("failed");
        await Expect(page.Locator("#summary")).ToContainTextAsync("verified at receipt");
        await Expect(page.Locator("#payments")).ToContainTextAsync("renewal");
        await Expect(page.Locator("#attempts tbody tr")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("#payload")).ToContainTextAsync("\"billing_reason\": \"subscription_cycle\"");

        // The first payment arrives late; replaying the renewal now attributes it.
        await team.WaitForAsync(await team.DeliverOkAsync(connection, StripeBodies.SubscriptionCheckout("evt_first_" + subscription, subscription, "cus_a", 5000, click)), "processed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("Queued for replay");
        await Expect(page.Locator("#summary .status")).ToHaveTextAsync("processed", new() { Timeout = 20_000 });
        await Expect(page.Locator("#payments")).ToContainTextAsync(click);
        await Expect(page.Locator("table.commissions")).ToContainTextAsync("15.00 USD");

        // From the commission it caused to its ledger, which names the event as the cause.
        await page.Locator("table.commissions a[href^='/console/commissions/']").First.ClickAsync();
        await Expect(page.Locator("#ledger")).ToContainTextAsync(renewal);
        await page.GotoAsync("/console/referrals/" + click);
        await Expect(page.Locator("table.commissions tbody tr")).ToHaveCountAsync(2);

        await page.GotoAsync("/console/events");
        await Expect(page.Locator("#events tbody tr", new() { HasText = renewal })).ToContainTextAsync("processed");
        await page.ScreenshotForDocsAsync("console-events.png");
    }

    [Fact]
    public async Task BulkRedriveQueuesEveryFailedEventOfTheTeam()
    {
        var team = await _app.CreateTeamAsync();
        var connection = await team.ConnectStripeAsync();
        var click = await team.ClickAsync();
        var subscriptions = new[] { "sub_bulk_a_" + Guid.NewGuid().ToString("N")[..8], "sub_bulk_b_" + Guid.NewGuid().ToString("N")[..8] };
        var renewals = new List<string>();
        foreach (var subscription in subscriptions)
            renewals.Add(await team.DeliverOkAsync(connection, StripeBodies.RenewalPaid("evt_r_" + subscription, "in_r_" + subscription, subscription, "cus_" + subscription, 3000)));
        foreach (var renewal in renewals)
            await team.WaitForAsync(renewal, "failed");
        foreach (var subscription in subscriptions)
            await team.WaitForAsync(await team.DeliverOkAsync(connection, StripeBodies.SubscriptionCheckout("evt_f_" + subscription, subscription, "cus_" + subscription, 3000, click)), "processed");

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/console/login");
        await page.SignInAsync(team.ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Re-drive all failed events" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToHaveTextAsync("Queued 2 failed event(s) again.");
        foreach (var renewal in renewals)
            await team.WaitForAsync(renewal, "processed");
        await page.GotoAsync("/console/events?status=processed");
        await Expect(page.Locator("#events tbody tr")).ToHaveCountAsync(4);
    }
}
