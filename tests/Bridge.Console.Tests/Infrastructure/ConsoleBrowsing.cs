using System.Text.RegularExpressions;

namespace Bridge.Console.Tests.Infrastructure;

/// <summary>What an operator does in the browser, step by step.</summary>
public static class ConsoleBrowsing
{
    public static async Task SignInAsync(this IPage page, string apiKey)
    {
        if (!page.Url.Contains("/console/login", StringComparison.Ordinal))
            await page.GotoAsync("/console/login");
        await page.GetByLabel("API key").FillAsync(apiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>The antiforgery token of the page on screen (every signed-in page has one, in its logout form).</summary>
    public static Task<string> CsrfTokenAsync(this IPage page) => page.Locator("input[name=__csrf]").First.InputValueAsync();

    public static Regex Path(string path) => new("^https?://[^/]+" + Regex.Escape(path) + "$");

    /// <summary>Saves a screenshot into docs/ when BRIDGE_SCREENSHOTS=1 (so ordinary runs leave the tree clean).</summary>
    public static async Task ScreenshotForDocsAsync(this IPage page, string fileName)
    {
        if (Environment.GetEnvironmentVariable("BRIDGE_SCREENSHOTS") != "1")
            return;
        await page.SetViewportSizeAsync(1280, 480); // the full page is taken: as tall as the content, no empty band below
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(RepoPaths.Root, "docs", fileName), FullPage = true });
        await page.SetViewportSizeAsync(1280, 900);
    }
}
