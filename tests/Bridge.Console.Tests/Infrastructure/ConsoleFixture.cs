namespace Bridge.Console.Tests.Infrastructure;

/// <summary>
/// One running app and one headless Debian Chromium for the whole test assembly. Playwright never downloads a browser
/// here: it drives <c>/usr/bin/chromium</c> (installed by <c>.ci/run</c>) with a fresh profile directory.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string _profile = Path.Combine(Path.GetTempPath(), "bridge-console-chromium-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;
    private IBrowserContext? _browser;

    public ConsoleApp App { get; private set; } = default!;

    private IBrowserContext Browser => _browser ?? throw new InvalidOperationException("the browser did not start");

    public async ValueTask InitializeAsync()
    {
        App = await ConsoleApp.StartAsync();
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does");
        _playwright = await Playwright.CreateAsync();
        // Playwright passes the fresh profile directory to chromium as --user-data-dir.
        _browser = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
            BaseURL = App.BaseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        _browser.SetDefaultTimeout(15_000);
    }

    /// <summary>A new tab with no cookies (signed out), each step waiting at most 15 s.</summary>
    public async Task<IPage> NewPageAsync()
    {
        foreach (var open in Browser.Pages.ToList())
            await open.CloseAsync();
        await Browser.ClearCookiesAsync();
        return await Browser.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // chromium may still be flushing its profile; the temp dir is cleaned by the OS eventually
        }
    }
}
