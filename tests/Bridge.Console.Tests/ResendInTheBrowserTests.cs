using Bridge.Core.Outbound;
using static Microsoft.Playwright.Assertions;

namespace Bridge.Console.Tests;

/// <summary>Outbound deliveries in the browser: a delivery the merchant's receiver refused is resent and arrives.</summary>
public sealed class ResendInTheBrowserTests(ConsoleFixture fixture)
{
    private readonly ConsoleApp _app = fixture.App;

    [Fact]
    public async Task OperatorResendsAFailedDeliveryAndSeesItDelivered()
    {
        var team = await _app.CreateTeamAsync();
        var endpoint = await team.Client.PostAsJsonAsync("/v1/webhooks/endpoints", new { url = "https://merchant.example/hooks", events = new[] { "referral.lead" } },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, endpoint.StatusCode);
        var secret = (await endpoint.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["data"]!["secret"]!.GetValue<string>();

        _app.Receiver.Accepting = false;
        OutboundDelivery failed;
        try
        {
            var signup = await team.Client.PostAsJsonAsync("/v1/signups", new { click_id = await team.ClickAsync(), email = "lead@example.com" },
                TestContext.Current.CancellationToken);
            signup.EnsureSuccessStatusCode();
            failed = await WaitForFailedDeliveryAsync(team.TeamId);
        }
        finally
        {
            _app.Receiver.Accepting = true;
        }

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/console/login");
        await page.SignInAsync(team.ApiKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Outbound deliveries" }).ClickAsync();
        await page.Locator("select[name=status]").SelectOptionAsync("failed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var row = page.Locator("#deliveries tbody tr", new() { HasText = failed.Id });
        await Expect(row).ToContainTextAsync("referral.lead");
        await Expect(row).ToContainTextAsync("503");
        await row.GetByRole(AriaRole.Link, new() { Name = failed.Id }).ClickAsync();
        await Expect(page.Locator("#summary .status").First).ToHaveTextAsync("failed");
        await Expect(page.Locator("#summary")).ToContainTextAsync("https://merchant.example/hooks");
        await Expect(page.Locator("body")).Not.ToContainTextAsync(secret);
        await Expect(page.Locator("#payload")).ToContainTextAsync("\"type\": \"referral.lead\"");

        await page.GetByRole(AriaRole.Button, new() { Name = "Resend" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("Queued to be sent again");
        await Expect(page.Locator("#summary .status").First).ToHaveTextAsync("delivered", new() { Timeout = 20_000 });
        await Expect(page.Locator("#attempts tbody tr")).ToHaveCountAsync(failed.Attempts + 1);
    }

    private async Task<OutboundDelivery> WaitForFailedDeliveryAsync(string teamId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var failed = await _app.Get<OutboundStore>().ListDeliveriesAsync(teamId, DeliveryStatus.Failed, 10, null, TestContext.Current.CancellationToken);
            if (failed.Count > 0)
                return failed[0];
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the delivery to the refusing receiver never failed");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
