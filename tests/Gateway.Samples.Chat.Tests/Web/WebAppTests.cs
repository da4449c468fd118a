using System.Net;

using Gateway.Samples.Chat.Tests.Support;

using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Gateway.Samples.Chat.Tests.Web;

/// <summary>
/// The chat's web app in Debian's chromium against the chat on a real socket: two people in two browser contexts
/// (one of them on a 360 px phone screen), live messages, acks, typing, presence, a server restart, hostile text,
/// accessibility (axe-core) and screenshots of the main views.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WebAppTests(BrowserFixture browser)
{
    private const int PhoneWidth = 360;
    private const int PhoneHeight = 740;

    [PeerFact(Peer.Chromium)]
    public async Task Two_people_chat_live_with_acks_and_typing()
    {
        await using var host = await ChatHost.StartAsync();
        await using var alice = await ChatPage.OpenAsync(browser.Browser, host.BaseUri);
        await using var bob = await ChatPage.OpenAsync(browser.Browser, host.BaseUri, PhoneWidth, PhoneHeight);

        await Expect(alice.Page.GetByRole(AriaRole.Heading, new() { Name = "Log in or create an account" })).ToBeVisibleAsync();
        await alice.AssertAccessibleAsync("the login page");
        await alice.ScreenshotAsync("login");
        await alice.RegisterAsync("alice");
        await bob.RegisterAsync("bob");
        await alice.CreateRoomAsync("general");
        await bob.JoinPublicRoomAsync("general");

        await alice.SendAsync("hello bob");
        await Expect(bob.Messages("hello bob")).ToHaveCountAsync(1, new() { Timeout = ChatPage.Timeout });
        await Expect(bob.Messages("hello bob").Locator(".sender")).ToHaveTextAsync("alice");
        // Shown at once, then confirmed by the ack: the "sending" mark goes and the message gets its seq.
        await Expect(alice.Messages("hello bob")).ToHaveCountAsync(1);
        await Expect(alice.Messages("hello bob")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("sending"), new() { Timeout = ChatPage.Timeout });
        await Expect(alice.Messages("hello bob")).ToHaveAttributeAsync("data-seq", "1");

        await bob.Page.GetByLabel("Message", new() { Exact = true }).PressSequentiallyAsync("hi al");
        await Expect(alice.Page.Locator("#typing")).ToHaveTextAsync("bob is typing…", new() { Timeout = ChatPage.Timeout });
        await bob.Page.GetByLabel("Message", new() { Exact = true }).PressAsync("Enter");
        await Expect(alice.Messages("hi al")).ToHaveCountAsync(1, new() { Timeout = ChatPage.Timeout });
        await Expect(alice.Page.Locator("#typing")).ToBeEmptyAsync(); // A message ends its sender's typing.
        await Expect(alice.Page.Locator("#announcer")).ToHaveTextAsync("bob: hi al", new() { Timeout = ChatPage.Timeout });

        await Expect(alice.Page.Locator("#message-list li.day")).ToHaveTextAsync("Today");
        await alice.AssertAccessibleAsync("a room");
        await bob.AssertAccessibleAsync("a room on a phone");
        await alice.ScreenshotAsync("room");
        await bob.ScreenshotAsync("room-phone");
        alice.AssertClean();
        bob.AssertClean();
    }

    [PeerFact(Peer.Chromium)]
    public async Task Presence_shows_online_then_last_seen_and_nothing_once_hidden()
    {
        await using var host = await ChatHost.StartAsync();
        await using var bob = await ChatPage.OpenAsync(browser.Browser, host.BaseUri);
        var alice = await ChatPage.OpenAsync(browser.Browser, host.BaseUri);
        await alice.RegisterAsync("alice");
        await bob.RegisterAsync("bob");

        await bob.OpenDirectAsync("alice");
        await Expect(bob.Page.Locator("#room-subtitle")).ToHaveTextAsync("online", new() { Timeout = ChatPage.Timeout });
        await Expect(bob.Page.Locator("#room-list .dot.online")).ToHaveCountAsync(1);

        alice.AssertClean();
        await alice.DisposeAsync(); // Her only tab closes: her socket goes, she is offline.
        await Expect(bob.Page.Locator("#room-subtitle")).ToHaveTextAsync("last seen just now", new() { Timeout = ChatPage.Timeout });
        await Expect(bob.Page.Locator("#room-list .dot.online")).ToHaveCountAsync(0);

        await using var aliceAgain = await ChatPage.OpenAsync(browser.Browser, host.BaseUri);
        await aliceAgain.LoginAsync("alice");
        await aliceAgain.OpenSettingsAsync();
        var lastSeenSwitch = aliceAgain.Page.GetByRole(AriaRole.Switch, new() { Name = "Show when I was last online" });
        await Expect(lastSeenSwitch).ToBeCheckedAsync();
        await Expect(aliceAgain.Page.Locator("#session-list li")).ToHaveCountAsync(2); // The first login was never logged out.
        await Expect(aliceAgain.Page.Locator("#session-list li strong")).ToHaveTextAsync("(this device)");
        await lastSeenSwitch.UncheckAsync();
        await Expect(lastSeenSwitch).Not.ToBeCheckedAsync();
        using (var me = await host.Http.SendAsync(ChatHost.Authorized(HttpMethod.Get, "api/users/alice", (await host.SignUpAsync("carol")).Access)))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Contains("\"online\":null", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await aliceAgain.AssertAccessibleAsync("the settings page");
        await aliceAgain.ScreenshotAsync("settings");

        await bob.Page.ReloadAsync(); // Still logged in (sessionStorage), and the DM re-reads alice's presence.
        await bob.OpenRoomAsync("alice");
        await Expect(bob.Page.Locator("#room-subtitle")).ToBeEmptyAsync(new() { Timeout = ChatPage.Timeout });
        await Expect(bob.Page.Locator("#room-list .dot.online")).ToHaveCountAsync(0);

        // "Sign out this device" ends the other login: its refresh token stops working.
        var other = aliceAgain.Page.Locator("#session-list li").Filter(new() { HasNot = aliceAgain.Page.Locator("strong") });
        await other.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(aliceAgain.Page.Locator("#session-list li")).ToHaveCountAsync(1, new() { Timeout = ChatPage.Timeout });
        aliceAgain.AssertClean();
        bob.AssertClean();
    }

    [PeerFact(Peer.Chromium)]
    public async Task Both_pages_reconnect_after_a_server_restart_and_a_message_queued_meanwhile_arrives_once()
    {
        var data = Directory.CreateTempSubdirectory("chat-web-restart-").FullName;
        ChatHost? host = null;
        try
        {
            host = await ChatHost.StartAsync(data);
            var listen = $"--Chat:Listen=http://127.0.0.1:{host.BaseUri.Port}";
            await using var alice = await ChatPage.OpenAsync(browser.Browser, host.BaseUri);
            await using var bob = await ChatPage.OpenAsync(browser.Browser, host.BaseUri);
            await alice.RegisterAsync("alice");
            await bob.RegisterAsync("bob");
            await alice.CreateRoomAsync("general");
            await bob.JoinPublicRoomAsync("general");
            await alice.SendAsync("before the restart");
            await Expect(bob.Messages("before the restart")).ToHaveCountAsync(1, new() { Timeout = ChatPage.Timeout });

            alice.TolerateConnectionErrors(true);
            bob.TolerateConnectionErrors(true);
            var first = host;
            host = null;
            await first.DisposeAsync(); // Sockets closed with 1001, the server stopped: both pages show the banner.
            await Expect(alice.Page.Locator("#banner")).ToBeVisibleAsync(new() { Timeout = ChatPage.Timeout });
            await Expect(bob.Page.Locator("#banner")).ToContainTextAsync("Reconnecting", new() { Timeout = ChatPage.Timeout });

            await alice.SendAsync("sent while the server was down");
            await Expect(alice.Messages("sent while the server was down")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("sending"));

            await using var restarted = await ChatHost.StartAsync(data, listen);
            Assert.Equal(first.BaseUri, restarted.BaseUri);
            await Expect(alice.Page.Locator("#banner")).ToBeHiddenAsync(new() { Timeout = 30_000 });
            await Expect(bob.Page.Locator("#banner")).ToBeHiddenAsync(new() { Timeout = 30_000 });
            alice.TolerateConnectionErrors(false);
            bob.TolerateConnectionErrors(false);

            await Expect(bob.Messages("sent while the server was down")).ToHaveCountAsync(1, new() { Timeout = ChatPage.Timeout });
            await Expect(alice.Messages("sent while the server was down")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("sending"), new() { Timeout = ChatPage.Timeout });
            // Nothing doubled by the replay after the resubscription, and the stored copy is the only one.
            await bob.SendAsync("after the restart");
            await Expect(alice.Messages("after the restart")).ToHaveCountAsync(1, new() { Timeout = ChatPage.Timeout });
            foreach (var page in new[] { alice, bob })
            {
                await Expect(page.Messages("before the restart")).ToHaveCountAsync(1);
                await Expect(page.Messages("sent while the server was down")).ToHaveCountAsync(1);
                await Expect(page.Page.Locator("#message-list li.message")).ToHaveCountAsync(3);
            }

            alice.AssertClean();
            bob.AssertClean();
        }
        finally
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            Directory.Delete(data, recursive: true);
        }
    }

    [PeerFact(Peer.Chromium)]
    public async Task Markup_in_a_message_is_shown_as_text_and_runs_nothing()
    {
        const string Hostile = "<img src=x onerror=alert(1)>";
        await using var host = await ChatHost.StartAsync();
        await using var alice = await ChatPage.OpenAsync(browser.Browser, host.BaseUri);
        await using var bob = await ChatPage.OpenAsync(browser.Browser, host.BaseUri);
        await alice.RegisterAsync("alice");
        await bob.RegisterAsync("bob");
        await alice.CreateRoomAsync("general");
        await bob.JoinPublicRoomAsync("general");

        await alice.SendAsync(Hostile);

        await Expect(bob.Messages(Hostile)).ToHaveCountAsync(1, new() { Timeout = ChatPage.Timeout });
        await Expect(alice.Messages(Hostile)).ToHaveCountAsync(1);
        await Expect(bob.Page.Locator("#message-list img")).ToHaveCountAsync(0);
        await Expect(bob.Page.Locator("#room-list .room-last")).ToHaveTextAsync($"alice: {Hostile}");

        // Logging out ends the login on the server and in the tab: a reload shows the login page again.
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(bob.Page.Locator("#auth-view")).ToBeVisibleAsync();
        await Expect(bob.Page.Locator("#auth-error")).ToBeEmptyAsync();
        await bob.Page.ReloadAsync();
        await Expect(bob.Page.Locator("#auth-view")).ToBeVisibleAsync(new() { Timeout = ChatPage.Timeout });
        Assert.Null(await bob.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('gateway-chat.refresh-token')"));
        alice.AssertClean(); // No dialog opened, and no request for "x".
        bob.AssertClean();
    }

    [PeerFact(Peer.Chromium)]
    public async Task History_loads_page_by_page_upwards_and_unread_counts_follow_the_rooms_not_open()
    {
        const int Stored = 120;
        await using var host = await ChatHost.StartAsync();
        var (carolAccess, _) = await host.SignUpAsync("carol");
        var archive = await CreateRoomAsync(host, carolAccess, "archive");
        var news = await CreateRoomAsync(host, carolAccess, "news");
        // History written straight to the store, a message every 20 minutes up to now: over two or three calendar days.
        var carol = await host.Services.Store.Users.FindByUsernameAsync("carol");
        var now = DateTimeOffset.UtcNow;
        for (var i = 1; i <= Stored; i++)
        {
            await host.Services.Store.Messages.StoreAsync(archive, carol!.Id, $"seed-{i}", $"message {i}", now.AddMinutes(-20 * (Stored - i)));
        }

        await using var alice = await ChatPage.OpenAsync(browser.Browser, host.BaseUri);
        await alice.RegisterAsync("alice");
        await alice.JoinPublicRoomAsync("news");
        await alice.JoinPublicRoomAsync("archive");

        var messages = alice.Page.Locator("#message-list li.message");
        await Expect(messages).ToHaveCountAsync(50, new() { Timeout = ChatPage.Timeout }); // The newest page.
        await Expect(messages.Last).ToContainTextAsync($"message {Stored}");
        await alice.Page.Locator("#messages").EvaluateAsync("box => box.scrollTop = 0");
        await Expect(messages).ToHaveCountAsync(100, new() { Timeout = ChatPage.Timeout }); // Scrolling up loads the page before.
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Load older messages" }).PressAsync("Enter"); // Or the keyboard.
        await Expect(messages).ToHaveCountAsync(Stored, new() { Timeout = ChatPage.Timeout });
        await Expect(alice.Page.GetByRole(AriaRole.Button, new() { Name = "Load older messages" })).ToBeHiddenAsync();
        var seqs = await messages.EvaluateAllAsync<int[]>("items => items.map(item => Number(item.dataset.seq))");
        Assert.Equal(Enumerable.Range(1, Stored), seqs);
        Assert.True(await alice.Page.Locator("#message-list li.day").CountAsync() >= 2, "40 hours of messages span at least two days");

        // carol writes in "news", which alice has joined but not open: its unread count rises, and opening it clears it.
        await using (var socket = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, carolAccess))
        {
            for (var i = 1; i <= 3; i++)
            {
                await socket.SendAsync(new { type = "send", room_id = news, client_id = $"news-{i}", text = $"news {i}" });
                await socket.ReceiveAsync("ack");
            }
        }

        var newsItem = alice.Page.Locator("#room-list .room-item").Filter(new() { Has = alice.Page.Locator(".room-title", new() { HasTextString = "news" }) });
        await Expect(newsItem.Locator(".unread")).ToHaveTextAsync("3 unread", new() { Timeout = ChatPage.Timeout });
        await Expect(newsItem.Locator(".room-last")).ToHaveTextAsync("carol: news 3");
        await alice.OpenRoomAsync("news");
        await Expect(newsItem.Locator(".unread")).ToHaveCountAsync(0);
        await alice.Page.ReloadAsync(); // The read position went to the server: still nothing unread.
        await Expect(newsItem.Locator(".room-last")).ToHaveTextAsync("carol: news 3", new() { Timeout = ChatPage.Timeout });
        await Expect(newsItem.Locator(".unread")).ToHaveCountAsync(0);
        alice.AssertClean();
    }

    [PeerFact(Peer.Chromium)]
    public async Task A_token_refused_with_4401_is_refreshed_and_the_page_carries_on()
    {
        var data = Directory.CreateTempSubdirectory("chat-web-4401-").FullName;
        ChatHost? host = null;
        try
        {
            host = await ChatHost.StartAsync(data);
            var listen = $"--Chat:Listen=http://127.0.0.1:{host.BaseUri.Port}";
            await using var alice = await ChatPage.OpenAsync(browser.Browser, host.BaseUri);
            await alice.RegisterAsync("alice");
            await alice.CreateRoomAsync("general");
            Assert.DoesNotContain(alice.Requests, url => url.EndsWith("/api/auth/refresh", StringComparison.Ordinal));

            // Restarted with a new signing key: the page's access token is now invalid, so its next auth frame gets
            // 4401. Refresh tokens live in the database and still work.
            alice.TolerateConnectionErrors(true);
            var first = host;
            host = null;
            await first.DisposeAsync();
            await Expect(alice.Page.Locator("#banner")).ToBeVisibleAsync(new() { Timeout = ChatPage.Timeout });
            host = await ChatHost.StartAsync(data, listen, "--Chat:Jwt:Secret=" + new string('k', 48));
            await Expect(alice.Page.Locator("#banner")).ToBeHiddenAsync(new() { Timeout = 30_000 });
            alice.TolerateConnectionErrors(false);

            Assert.Contains(alice.Requests, url => url.EndsWith("/api/auth/refresh", StringComparison.Ordinal));
            await alice.SendAsync("still here");
            await Expect(alice.Messages("still here")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("sending"), new() { Timeout = ChatPage.Timeout });
            await Expect(alice.Page.Locator("#me")).ToHaveTextAsync("Signed in as alice");
            alice.AssertClean();
        }
        finally
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<long> CreateRoomAsync(ChatHost host, string access, string name)
    {
        using var response = await host.Http.SendAsync(ChatHost.Authorized(HttpMethod.Post, "api/rooms", access, new { name }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetInt64();
    }
}