using Microsoft.Playwright;

namespace Gateway.Samples.Chat.Tests.Web;

/// <summary>
/// One headless Debian chromium for all browser tests, driven by Playwright's node driver from the test output
/// (<c>.playwright</c>, shipped in the NuGet package): no browser is downloaded, ever. Each test opens its own contexts
/// (separate cookies and storage, like separate browsers).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium; Playwright launches it instead of a browser of its own.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The browser (after <see cref="InitializeAsync"/>).</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>Where the tests write screenshots: <c>screenshots/</c> in the test output.</summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        if (!PeerCatalog.IsPresent(Peer.Chromium) && !PeerCatalog.IsCi)
        {
            return; // Every test here is skipped (PeerFact); do not fail the class for a missing browser.
        }

        PeerCatalog.Require(Peer.Chromium);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // No GPU, no sandbox (root in CI containers), and nothing that would phone home: the tests assert that the
            // page itself makes no request outside the chat, and the browser should not add noise of its own.
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>The browser tests share one browser and run one at a time (two cores; each drives two pages and a server).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}