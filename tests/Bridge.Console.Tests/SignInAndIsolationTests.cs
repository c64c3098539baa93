using Bridge.Core.ApiKeys;
using static Microsoft.Playwright.Assertions;

namespace Bridge.Console.Tests;

/// <summary>Who gets in, what a session may do, and that a team sees only its own data.</summary>
public sealed class SignInAndIsolationTests(ConsoleFixture fixture)
{
    private readonly ConsoleApp _app = fixture.App;

    [Fact]
    public async Task WrongKeysOnTheLoginFormShowAnError()
    {
        var team = await _app.CreateTeamAsync();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/console/login");

        await page.SignInAsync("sk_live_" + new string('x', 40));
        await Expect(page.Locator(".error")).ToHaveTextAsync("This API key is not valid.");
        await page.SignInAsync("not-a-key");
        await Expect(page.Locator(".error")).ToContainTextAsync("not an API key");
        await page.SignInAsync(await _app.CreateKeyAsync(team.TeamId, [ApiKeyScopes.ReadReferrals]));
        await Expect(page.Locator(".error")).ToContainTextAsync("lacks the read:events permission");
        var disabled = await _app.CreateKeyAsync(team.TeamId, ApiKeyScopes.All);
        await _app.DisableKeyAsync(team.TeamId, disabled);
        await page.SignInAsync(disabled);
        await Expect(page.Locator(".error")).ToHaveTextAsync("This API key is disabled.");

        Assert.DoesNotContain(await page.Context.CookiesAsync(), cookie => cookie.Name == "bridge_console");
        await page.GotoAsync("/console/events");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/login"));
    }

    [Fact]
    public async Task UnsignedVisitsRedirectToLoginAndComeBackAfterwards()
    {
        var team = await _app.CreateTeamAsync();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/console/commissions?status=paid");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/login\\?return_url=%2Fconsole%2Fcommissions%3Fstatus%3Dpaid$"));
        await page.SignInAsync(team.ApiKey);
        await Expect(page).ToHaveURLAsync(ConsoleBrowsing.Path("/console/commissions?status=paid"));

        // The API keeps its own scheme: no redirect, the JSON 401 as before.
        var api = await page.Context.APIRequest.GetAsync("/v1/inbound-events");
        Assert.Equal(401, api.Status);
        Assert.Contains("MISSING_API_KEY", await api.TextAsync());

        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "bridge_console");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/console", cookie.Path);
        Assert.DoesNotContain(team.ApiKey, cookie.Value);

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ConsoleBrowsing.Path("/console/login"));
        await page.GotoAsync("/console");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/login\\?return_url=%2Fconsole%2Fevents$"));
    }

    [Fact]
    public async Task AnotherTeamsEventReferralAndCommissionAreNotFound()
    {
        var mine = await _app.CreateTeamAsync();
        var theirs = await _app.CreateTeamAsync();
        var theirConnection = await theirs.ConnectStripeAsync();
        var theirEvent = await theirs.DeliverOkAsync(theirConnection, StripeBodies.CustomerCreated("evt_theirs_" + Guid.NewGuid().ToString("N")[..8], "theirs"));
        var theirReferral = await theirs.ClickAsync();

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/console/login");
        await page.SignInAsync(mine.ApiKey);
        foreach (var path in new[] { "/console/events/" + theirEvent, "/console/referrals/" + theirReferral, "/console/commissions/com_nothing" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(404, response!.Status);
            await Expect(page.Locator("h1")).ToHaveTextAsync("Not found");
        }
        await page.GotoAsync("/console/events");
        await Expect(page.Locator("#events")).Not.ToContainTextAsync(theirEvent);
    }

    [Fact]
    public async Task ChangesNeedTheWriteScopeAndAFormFromTheConsole()
    {
        var team = await _app.CreateTeamAsync();
        var connection = await team.ConnectStripeAsync();
        var inbound = await team.DeliverOkAsync(connection, StripeBodies.CustomerCreated("evt_forms_" + Guid.NewGuid().ToString("N")[..8], "<script>alert(1)</script><b>bold</b>"));
        await team.WaitForAsync(inbound, "ignored");

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/console/login");
        await page.SignInAsync(await _app.CreateKeyAsync(team.TeamId, [ApiKeyScopes.ReadEvents]));
        await page.GotoAsync("/console/events/" + inbound);
        await Expect(page.Locator("#payload")).ToContainTextAsync("<script>alert(1)</script><b>bold</b>");
        await Expect(page.Locator("#payload b, #payload script")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Replay" })).ToHaveCountAsync(0);

        // A read-only session with a valid token is refused; so is any post without the token.
        var token = await page.CsrfTokenAsync();
        var readOnly = await page.Context.APIRequest.PostAsync($"/console/events/{inbound}/replay", new() { Form = Form(page, ("__csrf", token)), MaxRedirects = 0 });
        Assert.Equal(403, readOnly.Status);

        await page.GotoAsync("/console/login");
        await page.SignInAsync(team.ApiKey);
        var forged = await page.Context.APIRequest.PostAsync($"/console/events/{inbound}/replay", new() { Form = Form(page), MaxRedirects = 0 });
        Assert.Equal(400, forged.Status);
        Assert.Equal("ignored", (await _app.Get<Bridge.Core.Inbox.InboxStore>().GetAsync(team.TeamId, inbound, TestContext.Current.CancellationToken))!.Status);

        // Disabling the key ends the console session on the next request.
        await _app.DisableKeyAsync(team.TeamId, team.ApiKey);
        await page.GotoAsync("/console/events");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/login"));
    }

    private static IFormData Form(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
            form.Set(name, value);
        return form;
    }
}
