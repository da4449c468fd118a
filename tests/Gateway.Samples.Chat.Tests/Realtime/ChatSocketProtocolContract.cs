using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.Realtime;

/// <summary>
/// The <c>/ws</c> protocol end to end over real sockets (ClientWebSocket against the whole chat), once per store provider:
/// <see cref="ChatSocketProtocolTests"/> (SQLite) and <see cref="ChatSocketProtocolPostgresTests"/>.
/// </summary>
public abstract class ChatSocketProtocolContract
{
    /// <summary>The whole chat on a fresh, empty database of the provider under test.</summary>
    internal abstract Task<ChatHost> StartHostAsync();

    [Fact]
    public virtual async Task Ready_lists_the_user_and_their_rooms_with_last_seq()
    {
        await using var host = await StartHostAsync();
        var (alice, _) = await host.SignUpAsync("alice");
        var room = await host.CreateRoomAsync(alice, "general");
        await using (var sender = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice))
        {
            await sender.SendAsync(new { type = "send", room_id = room, client_id = "c1", text = "hi" });
            await sender.ReceiveAsync("ack");
        }

        await using var socket = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);
        Assert.Equal("alice", socket.Ready.GetProperty("user").GetProperty("username").GetString());
        var rooms = socket.Ready.GetProperty("rooms").EnumerateArray().ToList();
        var only = Assert.Single(rooms);
        Assert.Equal(room, only.GetProperty("room_id").GetInt64());
        Assert.Equal(1, only.GetProperty("last_seq").GetInt64());
    }

    [Fact]
    public virtual async Task Subscribe_replays_then_goes_live_without_gap_or_duplicate_while_others_send()
    {
        await using var host = await StartHostAsync();
        var (alice, _) = await host.SignUpAsync("alice");
        var (bob, _) = await host.SignUpAsync("bob");
        var room = await host.CreateRoomAsync(alice, "general");
        await host.JoinAsync(bob, room);

        const int Before = 10, Senders = 3, PerSender = 15;
        await using (var early = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, bob))
        {
            for (var i = 0; i < Before; i++)
            {
                await early.SendAsync(new { type = "send", room_id = room, client_id = $"early-{i}", text = $"early {i}" });
                await early.ReceiveAsync("ack");
            }
        }

        var senders = new List<ChatSocket>();
        for (var s = 0; s < Senders; s++)
        {
            senders.Add(await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, bob));
        }

        await using var reader = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);
        var sending = senders.Select(async (socket, s) =>
        {
            for (var i = 0; i < PerSender; i++)
            {
                await socket.SendAsync(new { type = "send", room_id = room, client_id = $"s{s}-{i}", text = $"live {s}.{i}" });
                await socket.ReceiveAsync("ack");
            }
        }).ToList();
        await reader.SendAsync(new { type = "subscribe", room_id = room, since_seq = 0 });

        var seqs = new List<long>();
        var subscribedSeen = false;
        while (seqs.Count < Before + (Senders * PerSender))
        {
            var frame = await reader.ReceiveAsync();
            switch (frame.GetProperty("type").GetString())
            {
                case "message":
                    Assert.Equal(room, frame.GetProperty("room_id").GetInt64());
                    Assert.Equal("bob", frame.GetProperty("sender").GetString());
                    seqs.Add(frame.GetProperty("seq").GetInt64());
                    break;
                case "subscribed":
                    Assert.False(subscribedSeen);
                    subscribedSeen = true;
                    Assert.Equal(seqs.Count == 0 ? 0 : seqs[^1], frame.GetProperty("last_seq").GetInt64());
                    break;
            }
        }

        await Task.WhenAll(sending);
        Assert.True(subscribedSeen);
        Assert.Equal(Enumerable.Range(1, Before + (Senders * PerSender)).Select(i => (long)i), seqs);
        foreach (var socket in senders)
        {
            await socket.DisposeAsync();
        }
    }

    [Fact]
    public virtual async Task A_resent_client_id_gets_the_same_ack_and_is_stored_once()
    {
        await using var host = await StartHostAsync();
        var (alice, _) = await host.SignUpAsync("alice");
        var room = await host.CreateRoomAsync(alice, "general");
        await using var socket = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);

        await socket.SendAsync(new { type = "send", room_id = room, client_id = "retry-1", text = "once" });
        var first = await socket.ReceiveAsync("ack");
        await socket.SendAsync(new { type = "send", room_id = room, client_id = "retry-1", text = "once" });
        var second = await socket.ReceiveAsync("ack");

        Assert.Equal("retry-1", first.GetProperty("client_id").GetString());
        Assert.Equal(first.GetProperty("id").GetInt64(), second.GetProperty("id").GetInt64());
        Assert.Equal(first.GetProperty("seq").GetInt64(), second.GetProperty("seq").GetInt64());
        Assert.Equal(first.GetProperty("sent_at").GetString(), second.GetProperty("sent_at").GetString());
        var history = await host.GetJsonAsync(alice, $"api/rooms/{room}/messages");
        Assert.Single(history.GetProperty("messages").EnumerateArray());

        // The same client_id in another room is no retry: an error, not the first room's ack, and nothing stored.
        var other = await host.CreateRoomAsync(alice, "other");
        await socket.SendAsync(new { type = "send", room_id = other, client_id = "retry-1", text = "elsewhere" });
        var error = await socket.ReceiveAsync();
        Assert.Equal(("error", "invalid_field", "retry-1"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString(), error.GetProperty("ref").GetString()));
        Assert.Contains("client_id", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty((await host.GetJsonAsync(alice, $"api/rooms/{other}/messages")).GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public virtual async Task A_send_reaches_every_subscriber_the_senders_other_connections_included()
    {
        await using var host = await StartHostAsync();
        var (alice, _) = await host.SignUpAsync("alice");
        var room = await host.CreateRoomAsync(alice, "general");
        await using var first = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);
        await using var second = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);
        foreach (var socket in (ChatSocket[])[first, second])
        {
            await socket.SendAsync(new { type = "subscribe", room_id = room, since_seq = 0 });
            await socket.ReceiveAsync("subscribed");
        }

        await first.SendAsync(new { type = "send", room_id = room, client_id = "x", text = "'; DROP TABLE messages;--" });
        var ack = await first.ReceiveAsync("ack");
        var live = await second.ReceiveAsync("message");
        Assert.Equal(ack.GetProperty("id").GetInt64(), live.GetProperty("id").GetInt64());
        Assert.Equal("'; DROP TABLE messages;--", live.GetProperty("text").GetString());
        Assert.Equal("x", live.GetProperty("client_id").GetString());
    }

    [Fact]
    public virtual async Task Typing_reaches_the_other_subscribers_not_the_sender()
    {
        await using var host = await StartHostAsync();
        var (alice, _) = await host.SignUpAsync("alice");
        var (bob, _) = await host.SignUpAsync("bob");
        var room = await host.CreateRoomAsync(alice, "general");
        await host.JoinAsync(bob, room);
        await using var a = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);
        await using var b = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, bob);
        foreach (var socket in (ChatSocket[])[a, b])
        {
            await socket.SendAsync(new { type = "subscribe", room_id = room });
            await socket.ReceiveAsync("subscribed");
        }

        await a.SendAsync(new { type = "typing", room_id = room });
        var typing = await b.ReceiveAsync("typing");
        Assert.Equal("alice", typing.GetProperty("user").GetString());
        Assert.Equal(room, typing.GetProperty("room_id").GetInt64());

        // The sender's next frame after its own typing is the pong: no typing echo in between.
        await a.SendAsync(new { type = "ping" });
        var next = await a.ReceiveAsync();
        while (next.GetProperty("type").GetString() == "presence")
        {
            next = await a.ReceiveAsync();
        }

        Assert.Equal("pong", next.GetProperty("type").GetString());
    }

    [Fact]
    public virtual async Task Read_positions_change_the_unread_count_of_the_room_list()
    {
        await using var host = await StartHostAsync();
        var (alice, _) = await host.SignUpAsync("alice");
        var (bob, _) = await host.SignUpAsync("bob");
        var room = await host.CreateRoomAsync(alice, "general");
        await host.JoinAsync(bob, room);
        await using var a = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);
        for (var i = 0; i < 3; i++)
        {
            await a.SendAsync(new { type = "send", room_id = room, client_id = $"m{i}", text = $"m{i}" });
            await a.ReceiveAsync("ack");
        }

        Assert.Equal(3, await UnreadAsync(host, bob, room));
        await using var b = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, bob);
        await b.SendAsync(new { type = "read", room_id = room, seq = 2 });
        await b.SendAsync(new { type = "ping" });
        await b.ReceiveAsync("pong"); // frames are handled in order: the read is stored
        Assert.Equal(1, await UnreadAsync(host, bob, room));
        await b.SendAsync(new { type = "read", room_id = room, seq = 3 });
        await b.SendAsync(new { type = "ping" });
        await b.ReceiveAsync("pong");
        Assert.Equal(0, await UnreadAsync(host, bob, room));
    }

    public static TheoryData<string, string> BadFrames => new()
    {
        { "{not json", "invalid_json" },
        { "[1,2]", "invalid_json" },
        { """{"room_id":1}""", "invalid_field" },
        { """{"type":"shout"}""", "unknown_type" },
        { """{"type":"subscribe"}""", "invalid_field" },
        { """{"type":"subscribe","room_id":"one"}""", "invalid_field" },
        { """{"type":"subscribe","room_id":1,"since_seq":-1}""", "invalid_field" },
        { """{"type":"send","room_id":1,"client_id":"c"}""", "invalid_field" },
        { """{"type":"send","room_id":1,"text":"t"}""", "invalid_field" },
        { """{"type":"read","room_id":1}""", "invalid_field" },
        { """{"type":"typing"}""", "invalid_field" },
        { """{"type":"auth","token":"again"}""", "unknown_type" },
    };

    [Theory]
    [MemberData(nameof(BadFrames))]
    public virtual async Task Bad_input_gets_an_error_frame_and_the_connection_stays(string frame, string code)
    {
        await using var host = await StartHostAsync();
        var (alice, _) = await host.SignUpAsync("alice");
        await using var socket = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);

        await socket.SendTextAsync(frame);
        var error = await socket.ReceiveAsync("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.True(error.TryGetProperty("ref", out _));
        await socket.SendAsync(new { type = "ping" });
        await socket.ReceiveAsync("pong");
    }

    [Fact]
    public virtual async Task Errors_carry_the_clients_ref_and_cover_forbidden_invalid_and_binary_frames()
    {
        await using var host = await StartHostAsync();
        var (alice, _) = await host.SignUpAsync("alice");
        var (bob, _) = await host.SignUpAsync("bob");
        var room = await host.CreateRoomAsync(alice, "private");
        await using var socket = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, bob);

        await socket.SendAsync(new { type = "subscribe", room_id = room, @ref = "r1" });
        await AssertErrorAsync(socket, "forbidden", "r1");
        await socket.SendAsync(new { type = "send", room_id = room, client_id = "c1", text = "let me in" });
        await AssertErrorAsync(socket, "forbidden", "c1");
        await socket.SendAsync(new { type = "typing", room_id = room, @ref = "r2" });
        await AssertErrorAsync(socket, "forbidden", "r2");
        await socket.SendAsync(new { type = "read", room_id = room, seq = 1, @ref = "r3" });
        await AssertErrorAsync(socket, "forbidden", "r3");
        await socket.SendAsync(new { type = "send", room_id = 999_999, client_id = "c2", text = "nowhere" });
        await AssertErrorAsync(socket, "forbidden", "c2");

        var own = await host.CreateRoomAsync(bob, "own");
        await socket.SendAsync(new { type = "send", room_id = own, client_id = "c3", text = new string('x', 4001) });
        await AssertErrorAsync(socket, "invalid_field", "c3");
        await socket.SendAsync(new { type = "send", room_id = own, client_id = "c4", text = "" });
        await AssertErrorAsync(socket, "invalid_field", "c4");

        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            await socket.Socket.SendAsync("""{"type":"ping"}"""u8.ToArray(), WebSocketMessageType.Binary, true, timeout.Token);
        }

        await AssertErrorAsync(socket, "invalid_json", null);
        await socket.SendAsync(new { type = "ping" });
        await socket.ReceiveAsync("pong");
    }

    [Fact]
    public virtual async Task More_than_20_sends_in_10_seconds_are_rate_limited_and_not_stored()
    {
        await using var host = await StartHostAsync();
        var (alice, _) = await host.SignUpAsync("alice");
        var room = await host.CreateRoomAsync(alice, "general");
        await using var socket = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);

        var limited = 0;
        for (var i = 0; i < 25; i++)
        {
            await socket.SendAsync(new { type = "send", room_id = room, client_id = $"c{i}", text = "spam" });
            var reply = await socket.ReceiveAsync();
            if (reply.GetProperty("type").GetString() == "error")
            {
                Assert.Equal("rate_limited", reply.GetProperty("code").GetString());
                Assert.Equal($"c{i}", reply.GetProperty("ref").GetString());
                limited++;
            }
        }

        // A fixed window may straddle a boundary, so between 5 and 25 are refused; never more than 20 stored in a window.
        Assert.InRange(limited, 5, 25);
        var history = await host.GetJsonAsync(alice, $"api/rooms/{room}/messages?limit=100");
        Assert.Equal(25 - limited, history.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public virtual async Task A_frame_over_64_KiB_is_closed_with_1009()
    {
        await using var host = await StartHostAsync();
        var (alice, _) = await host.SignUpAsync("alice");
        await using var socket = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);

        await socket.SendTextAsync($$"""{"type":"ping","pad":"{{new string('x', 64 * 1024)}}"}""");
        Assert.Equal(1009, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public virtual async Task A_frame_just_under_64_KiB_is_answered()
    {
        await using var host = await StartHostAsync();
        var (alice, _) = await host.SignUpAsync("alice");
        await using var socket = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);

        var frame = """{"type":"ping","pad":""}""";
        await socket.SendTextAsync(frame.Insert(frame.Length - 2, new string('x', (64 * 1024) - frame.Length)));
        await socket.ReceiveAsync("pong");
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.")]
    public virtual async Task A_bad_token_is_closed_with_4401(string token)
    {
        await using var host = await StartHostAsync();
        await using var socket = await ChatSocket.ConnectAsync(host.WebSocketUri);
        await socket.SendAsync(new { type = "auth", token });
        Assert.Equal(4401, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public virtual async Task A_refresh_token_is_not_an_access_token()
    {
        await using var host = await StartHostAsync();
        var (_, refresh) = await host.SignUpAsync("alice");
        await using var socket = await ChatSocket.ConnectAsync(host.WebSocketUri);
        await socket.SendAsync(new { type = "auth", token = refresh });
        Assert.Equal(4401, await socket.ReceiveCloseAsync());
    }

    [Theory]
    [InlineData("""{"type":"ping"}""")]
    [InlineData("""{"type":"auth"}""")]
    [InlineData("garbage")]
    public virtual async Task A_first_message_that_is_not_auth_is_closed_with_4401(string first)
    {
        await using var host = await StartHostAsync();
        await using var socket = await ChatSocket.ConnectAsync(host.WebSocketUri);
        await socket.SendTextAsync(first);
        Assert.Equal(4401, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public virtual async Task No_auth_in_time_is_closed_with_4408()
    {
        await using var host = await StartHostAsync();
        host.App.Sockets.AuthTimeout = TimeSpan.FromMilliseconds(300);
        await using var socket = await ChatSocket.ConnectAsync(host.WebSocketUri);
        Assert.Equal(4408, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public virtual async Task A_foreign_origin_is_refused_with_403_before_the_handshake()
    {
        await using var host = await StartHostAsync();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", "https://evil.example");
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(host.WebSocketUri, timeout.Token));
        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public virtual async Task The_own_origin_and_no_origin_are_accepted()
    {
        await using var host = await StartHostAsync();
        var (alice, _) = await host.SignUpAsync("alice");
        await using var browser = await ChatSocket.ConnectAsync(host.WebSocketUri, host.Origin);
        await browser.SendAsync(new { type = "auth", token = alice });
        await browser.ReceiveAsync("ready");
        await using var cli = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);
    }

    [Fact]
    public virtual async Task Shutdown_acks_the_sends_in_flight_then_closes_with_1001()
    {
        await using var host = await StartHostAsync();
        var (alice, _) = await host.SignUpAsync("alice");
        var room = await host.CreateRoomAsync(alice, "general");
        await using var socket = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);
        await using var idle = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);

        const int Sends = 10;
        for (var i = 0; i < Sends; i++)
        {
            await socket.SendAsync(new { type = "send", room_id = room, client_id = $"c{i}", text = $"m{i}" });
        }

        // Wait until the first send is stored, so at least one is surely in flight or acknowledged when shutdown starts.
        await WaitUntilAsync(async () => (await host.GetJsonAsync(alice, $"api/rooms/{room}/messages")).GetProperty("messages").GetArrayLength() > 0);
        var shutdown = host.App.Sockets.ShutdownAsync(TimeSpan.FromSeconds(10));

        var acked = new HashSet<string>();
        while (await socket.ReceiveTextAsync() is { } text)
        {
            var frame = JsonDocument.Parse(text).RootElement;
            switch (frame.GetProperty("type").GetString())
            {
                case "ack":
                    acked.Add(frame.GetProperty("client_id").GetString()!);
                    break;
                case "error":
                    Assert.Equal("shutting_down", frame.GetProperty("code").GetString());
                    break;
            }
        }

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.Socket.CloseStatus);
        Assert.Equal(1001, await idle.ReceiveCloseAsync());
        await shutdown;
        var stored = (await host.Services.Store.Messages.ReplayAsync(room, 0, 100)).Select(m => m.ClientId).ToHashSet();
        Assert.NotEmpty(acked);
        Assert.Equal(stored.Order(), acked.Order()); // every stored send was acknowledged before the close
    }

    private static async Task AssertErrorAsync(ChatSocket socket, string code, string? reference)
    {
        var error = await socket.ReceiveAsync("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        if (reference is null)
        {
            Assert.Equal(JsonValueKind.Null, error.GetProperty("ref").ValueKind);
        }
        else
        {
            Assert.Equal(reference, error.GetProperty("ref").GetString());
        }
    }

    private static async Task<long> UnreadAsync(ChatHost host, string access, long room)
    {
        var rooms = await host.GetJsonAsync(access, "api/rooms");
        return rooms.EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == room).GetProperty("unread_count").GetInt64();
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 15 s");
            await Task.Delay(10);
        }
    }
}