using System.Collections.Concurrent;

using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Gateway.Samples.Chat.Tests.Web;

/// <summary>
/// The chat's web app in one browser tab, driven the way a person would (labels, buttons, the Enter key), recording
/// what must never happen: console errors, uncaught exceptions, dialogs, and requests to any other origin.
/// </summary>
internal sealed class ChatPage : IAsyncDisposable
{
    /// <summary>How long an expectation waits for the page (live delivery, reconnects); only reached when a test fails.</summary>
    public static readonly float Timeout = 15_000;

    private readonly IBrowserContext _context;
    private readonly string _origin;
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private volatile bool _tolerateConnectionErrors;

    private ChatPage(IBrowserContext context, IPage page, string origin)
    {
        _context = context;
        Page = page;
        _origin = origin;
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !(_tolerateConnectionErrors && IsConnectionError(message.Text)))
            {
                _problems.Enqueue($"console error: {message.Text}");
            }
        };
        page.PageError += (_, error) => _problems.Enqueue($"page error: {error}");
        page.Dialog += async (_, dialog) =>
        {
            _problems.Enqueue($"dialog ({dialog.Type}): {dialog.Message}");
            await dialog.DismissAsync();
        };
        page.Request += (_, request) => _requests.Enqueue(request.Url);
        page.WebSocket += (_, socket) => _requests.Enqueue(socket.Url);
    }

    public IPage Page { get; }

    /// <summary>Every URL the page requested (documents, scripts, fetches, WebSockets).</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>Opens the app at <paramref name="baseUri"/> in a new context (its own storage: another "browser").</summary>
    public static async Task<ChatPage> OpenAsync(IBrowser browser, Uri baseUri, int width = 1280, int height = 800)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var chat = new ChatPage(context, page, baseUri.GetLeftPart(UriPartial.Authority));
        await page.GotoAsync(baseUri.ToString());
        return chat;
    }

    /// <summary>While the server is down, the browser itself logs refused connections (the WebSocket retries, a
    /// periodic room refresh): expected then, and only then.</summary>
    public void TolerateConnectionErrors(bool tolerate) => _tolerateConnectionErrors = tolerate;

    public async Task RegisterAsync(string username, string password = "correct horse")
    {
        await Page.GetByLabel("Username").FillAsync(username);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(Page.Locator("#me")).ToHaveTextAsync($"Signed in as {username}", new() { Timeout = Timeout });
    }

    public async Task LoginAsync(string username, string password = "correct horse")
    {
        await Page.GetByLabel("Username").FillAsync(username);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByLabel("Password").PressAsync("Enter");
        await Expect(Page.Locator("#app-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
    }

    /// <summary>On a narrow screen the room list is its own pane: go back to it first.</summary>
    public async Task ShowRoomListAsync()
    {
        foreach (var back in new[] { "#back-button", "#settings-back-button" })
        {
            if (await Page.Locator(back).IsVisibleAsync())
            {
                await Page.Locator(back).ClickAsync();
            }
        }

        await Expect(Page.Locator("#room-list")).ToBeVisibleAsync(new() { Timeout = Timeout });
    }

    public async Task CreateRoomAsync(string name)
    {
        await ShowRoomListAsync();
        await Page.GetByLabel("New room").FillAsync(name);
        await Page.GetByLabel("New room").PressAsync("Enter");
        await ExpectRoomOpenAsync(name);
    }

    public async Task JoinPublicRoomAsync(string name)
    {
        await ShowRoomListAsync();
        await Page.GetByLabel("Find public rooms").FillAsync(name[..3]);
        await Page.GetByLabel("Find public rooms").PressAsync("Enter");
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Join {name}" }).ClickAsync();
        await ExpectRoomOpenAsync(name);
    }

    public async Task OpenDirectAsync(string username)
    {
        await ShowRoomListAsync();
        await Page.GetByLabel("Message a user").FillAsync(username);
        await Page.GetByLabel("Message a user").PressAsync("Enter");
        await ExpectRoomOpenAsync(username);
    }

    public async Task OpenRoomAsync(string title)
    {
        await ShowRoomListAsync();
        await Page.Locator("#room-list .room-item").Filter(new() { Has = Page.Locator(".room-title", new() { HasTextString = title }) }).ClickAsync();
        await ExpectRoomOpenAsync(title);
    }

    public Task ExpectRoomOpenAsync(string title) =>
        Expect(Page.Locator("#room-title")).ToHaveTextAsync(title, new() { Timeout = Timeout });

    /// <summary>Types and sends a message in the open room.</summary>
    public async Task SendAsync(string text)
    {
        var input = Page.GetByLabel("Message", new() { Exact = true });
        await input.FillAsync(text);
        await input.PressAsync("Enter");
    }

    /// <summary>The messages of the open room whose text is exactly <paramref name="text"/>.</summary>
    public ILocator Messages(string text) =>
        Page.Locator("#message-list li.message").Filter(new() { Has = Page.Locator("p.text", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(text) + "$") }) });

    public async Task OpenSettingsAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await Expect(Page.Locator("#session-list li")).Not.ToHaveCountAsync(0, new() { Timeout = Timeout });
    }

    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png") });

    /// <summary>Runs axe-core (embedded in Deque.AxeCore.Playwright) on the page as it is now; fails on any violation,
    /// whatever its impact, naming the rule and the elements.</summary>
    public async Task AssertAccessibleAsync(string view)
    {
        var result = await Page.RunAxe();
        var violations = result.Violations.Select(Describe).ToList();
        Assert.True(violations.Count == 0, $"axe found accessibility violations on {view}:\n{string.Join("\n", violations)}");
    }

    private static string Describe(AxeResultItem item) =>
        $"{item.Impact} {item.Id}: {item.Help} at {string.Join(", ", item.Nodes.Select(node => node.Target?.ToString()))}";

    /// <summary>No console error, no uncaught exception, no dialog, and nothing requested outside the chat's origin.</summary>
    public void AssertClean()
    {
        Assert.Empty(_problems);
        var foreign = _requests.Where(url => !IsSameOrigin(url)).ToList();
        Assert.True(foreign.Count == 0, "requests outside the chat's origin: " + string.Join(", ", foreign));
        Assert.NotEmpty(_requests);
    }

    private bool IsSameOrigin(string url)
    {
        var uri = new Uri(url);
        var origin = new Uri(_origin);
        return uri.Authority == origin.Authority && (uri.Scheme == origin.Scheme || (uri.Scheme == "ws" && origin.Scheme == "http"));
    }

    private static bool IsConnectionError(string text) =>
        text.Contains("ERR_CONNECTION_REFUSED", StringComparison.Ordinal) || text.Contains("WebSocket connection to", StringComparison.Ordinal)
        || text.Contains("ERR_CONNECTION_RESET", StringComparison.Ordinal) || text.Contains("ERR_EMPTY_RESPONSE", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await Page.CloseAsync();
        await _context.DisposeAsync();
    }
}