using System.Text.Json;

using Gateway.Samples.Chat.Presence;
using Gateway.Samples.Chat.Realtime;
using Gateway.Samples.Chat.Storage;
using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.Realtime;

public sealed class ChatHubTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new();
    private readonly InProcessBackplane _backplane = new();
    private SqliteStoreFixture _fixture = null!;
    private ChatHub _hub = null!;
    private User _alice = null!;
    private User _bob = null!;
    private User _carol = null!;
    private Room _room = null!;

    public async Task InitializeAsync()
    {
        _fixture = await SqliteStoreFixture.CreateAsync(_clock);
        _hub = CreateHub(new RealtimeOptions());
        _alice = await _fixture.UserAsync("alice");
        _bob = await _fixture.UserAsync("bob");
        _carol = await _fixture.UserAsync("carol");
        _room = await _fixture.Store.Rooms.CreatePublicAsync("general", _alice.Id, _clock.GetUtcNow());
        await _fixture.Store.Rooms.JoinAsync(_room.Id, _bob.Id, _clock.GetUtcNow());
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _fixture.DisposeAsync();
    }

    [Fact]
    public async Task Subscribe_replays_after_since_then_confirms_then_streams_live()
    {
        var (alice, _) = Connect(_alice);
        for (var i = 1; i <= 5; i++)
        {
            await _fixture.Store.Messages.StoreAsync(_room.Id, _alice.Id, $"old{i}", $"old {i}", _clock.GetUtcNow());
        }

        var (bob, bobSink) = Connect(_bob);
        Assert.True(await _hub.SubscribeAsync(bob, _room.Id, sinceSeq: 2));
        await _hub.SendAsync(alice, _room.Id, "new", "live one");

        var frames = await bobSink.WaitForAsync(f => f.Count >= 5);
        Assert.Equal(["message", "message", "message", "subscribed", "message"], frames.Select(Type));
        Assert.Equal([3L, 4, 5], frames.Take(3).Select(f => f.GetProperty("seq").GetInt64()));
        Assert.Equal(5, frames[3].GetProperty("last_seq").GetInt64());
        Assert.Equal(_room.Id, frames[3].GetProperty("room_id").GetInt64());
        var live = frames[4];
        Assert.Equal(6, live.GetProperty("seq").GetInt64());
        Assert.Equal("live one", live.GetProperty("text").GetString());
        Assert.Equal("alice", live.GetProperty("sender").GetString());
        Assert.Equal("new", live.GetProperty("client_id").GetString());
        Assert.Equal(_room.Id, live.GetProperty("room_id").GetInt64());
        Assert.True(live.TryGetProperty("id", out _));
        Assert.Equal(_clock.GetUtcNow(), live.GetProperty("sent_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_since_seq_beyond_the_newest_message_still_gets_live_messages()
    {
        var (alice, _) = Connect(_alice);
        await _hub.SendAsync(alice, _room.Id, "one", "first");
        var (bob, bobSink) = Connect(_bob);

        Assert.True(await _hub.SubscribeAsync(bob, _room.Id, sinceSeq: 1000));
        await _hub.SendAsync(alice, _room.Id, "two", "second");

        var frames = await bobSink.WaitForAsync(f => f.Count >= 2);
        Assert.Equal(1, frames[0].GetProperty("last_seq").GetInt64());
        Assert.Equal(2, frames[1].GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Non_members_cannot_subscribe_or_send()
    {
        var (carol, carolSink) = Connect(_carol);

        Assert.False(await _hub.SubscribeAsync(carol, _room.Id, 0));
        var send = await _hub.SendAsync(carol, _room.Id, "c", "hello?");

        Assert.Equal(SendStatus.Forbidden, send.Status);
        Assert.Equal(0, (await _fixture.Store.Rooms.FindAsync(_room.Id))!.LastSeq);
        Assert.Equal(TypingStatus.NotSubscribed, await _hub.TypingAsync(carol, _room.Id));
        Assert.Empty(carolSink.Frames);
    }

    [Fact]
    public async Task A_send_is_stored_before_it_returns_and_reaches_every_subscriber_once()
    {
        var (phone, phoneSink) = Connect(_alice);
        var (laptop, laptopSink) = Connect(_alice);
        var (bob, bobSink) = Connect(_bob);
        foreach (var connection in new[] { phone, laptop, bob })
        {
            await _hub.SubscribeAsync(connection, _room.Id, 0);
        }

        var sent = await _hub.SendAsync(phone, _room.Id, "m-1", "hello");

        Assert.Equal(SendStatus.Stored, sent.Status);
        Assert.Equal(1, sent.Message!.Seq);
        Assert.Equal("hello", (await _fixture.Store.Messages.HistoryAsync(_room.Id, null, 10)).Messages.Single().Text);
        var retry = await _hub.SendAsync(phone, _room.Id, "m-1", "hello");
        Assert.Equal(SendStatus.Duplicate, retry.Status);
        Assert.Equal(sent.Message, retry.Message);
        await _hub.SendAsync(phone, _room.Id, "m-2", "after");

        foreach (var sink in new[] { phoneSink, laptopSink, bobSink })
        {
            var frames = await sink.WaitForAsync(f => f.Count(x => Type(x) == "message") >= 2);
            Assert.Equal([1L, 2], sink.OfType("message").Select(f => f.GetProperty("seq").GetInt64()));
        }
    }

    [Fact]
    public async Task Text_and_client_id_are_bounded()
    {
        var (alice, _) = Connect(_alice);

        Assert.Equal(SendStatus.Invalid, (await _hub.SendAsync(alice, _room.Id, "c1", "")).Status);
        Assert.Equal(SendStatus.Invalid, (await _hub.SendAsync(alice, _room.Id, "c2", new string('x', 4001))).Status);
        Assert.Equal(SendStatus.Invalid, (await _hub.SendAsync(alice, _room.Id, "", "text")).Status);
        Assert.Equal(SendStatus.Stored, (await _hub.SendAsync(alice, _room.Id, "c3", new string('x', 4000))).Status);
    }

    [Fact]
    public async Task The_twenty_first_send_in_ten_seconds_is_rate_limited_per_connection()
    {
        var (first, _) = Connect(_alice);
        var (second, _) = Connect(_alice);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(SendStatus.Stored, (await _hub.SendAsync(first, _room.Id, $"c{i}", "x")).Status);
        }

        var limited = await _hub.SendAsync(first, _room.Id, "c20", "x");

        Assert.Equal(SendStatus.RateLimited, limited.Status);
        Assert.NotNull(limited.Error);
        Assert.Equal(20, (await _fixture.Store.Rooms.FindAsync(_room.Id))!.LastSeq);
        Assert.Equal(SendStatus.Stored, (await _hub.SendAsync(second, _room.Id, "c21", "x")).Status);
    }

    [Fact]
    public async Task The_send_budget_returns_after_the_window()
    {
        await using var hub = CreateHub(new RealtimeOptions { SendLimit = 2, SendWindow = TimeSpan.FromMilliseconds(400) });
        var alice = hub.Connect(_alice.Id, "alice", new RecordingSink());
        await hub.SendAsync(alice, _room.Id, "a", "x");
        await hub.SendAsync(alice, _room.Id, "b", "x");
        Assert.Equal(SendStatus.RateLimited, (await hub.SendAsync(alice, _room.Id, "c", "x")).Status);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var attempt = 0;
        // Polling, because the window's timer may run late on a busy machine; a refused send stores nothing.
        while ((await hub.SendAsync(alice, _room.Id, $"d{attempt++}", "x")).Status == SendStatus.RateLimited)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "the send window never ended");
            await Task.Delay(25);
        }

        Assert.Equal(3, (await _fixture.Store.Rooms.FindAsync(_room.Id))!.LastSeq);
    }

    [Fact]
    public async Task Typing_reaches_the_others_at_most_once_per_two_seconds()
    {
        var (alice, aliceSink) = Connect(_alice);
        var (aliceOther, aliceOtherSink) = Connect(_alice);
        var (bob, bobSink) = Connect(_bob);
        foreach (var connection in new[] { alice, aliceOther, bob })
        {
            await _hub.SubscribeAsync(connection, _room.Id, 0);
        }

        Assert.Equal(TypingStatus.Sent, await _hub.TypingAsync(alice, _room.Id));
        _clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Equal(TypingStatus.Throttled, await _hub.TypingAsync(alice, _room.Id));
        Assert.Equal(TypingStatus.Throttled, await _hub.TypingAsync(aliceOther, _room.Id)); // per user, not per socket
        Assert.Equal(TypingStatus.Sent, await _hub.TypingAsync(bob, _room.Id));
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(TypingStatus.Sent, await _hub.TypingAsync(alice, _room.Id));

        var bobTyping = (await bobSink.WaitForAsync(f => f.Count(x => Type(x) == "typing") >= 2)).Where(x => Type(x) == "typing").ToList();
        Assert.All(bobTyping, t => Assert.Equal("alice", t.GetProperty("user").GetString()));
        Assert.All(bobTyping, t => Assert.Equal(_room.Id, t.GetProperty("room_id").GetInt64()));
        await aliceSink.WaitForAsync(f => f.Any(x => Type(x) == "typing"));
        Assert.Equal(["bob"], aliceSink.OfType("typing").Select(t => t.GetProperty("user").GetString()));
        Assert.Equal(["bob"], aliceOtherSink.OfType("typing").Select(t => t.GetProperty("user").GetString()));
    }

    [Fact]
    public async Task A_consumer_that_stops_reading_is_dropped_and_never_stalls_the_room()
    {
        await using var hub = CreateHub(new RealtimeOptions { OutboundQueueCapacity = 4, SendLimit = 1000 });
        var stuckSink = new RecordingSink(reading: false);
        var stuck = hub.Connect(_bob.Id, "bob", stuckSink);
        var fastSink = new RecordingSink();
        var sender = hub.Connect(_alice.Id, "alice", fastSink);
        await hub.SubscribeAsync(stuck, _room.Id, 0);
        await hub.SubscribeAsync(sender, _room.Id, 0);

        var sends = Task.Run(async () =>
        {
            for (var i = 1; i <= 30; i++)
            {
                await hub.SendAsync(sender, _room.Id, $"c{i}", $"m{i}");
                // A reading client keeps up (on a busy machine the pump may lag a tiny queue otherwise).
                var expected = i;
                await fastSink.WaitForAsync(f => f.Count(x => Type(x) == "message") == expected);
            }
        });
        await sends.WaitAsync(TimeSpan.FromSeconds(20)); // finishing at all shows the room did not wait for bob

        Assert.Equal(DisconnectReason.SlowConsumer, stuck.DisconnectReason);
        Assert.Equal(DisconnectReason.SlowConsumer, stuckSink.Reason);
        Assert.Equal(1, stuckSink.DisconnectRequests);
        Assert.Null(sender.DisconnectReason);
        var frames = await fastSink.WaitForAsync(f => f.Count(x => Type(x) == "message") == 30);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), fastSink.OfType("message").Select(f => f.GetProperty("seq").GetInt64()));
        Assert.True(stuck.QueuedFrames <= 4);
    }

    [Fact]
    public async Task Live_messages_are_delivered_in_seq_order_even_when_notices_arrive_out_of_order()
    {
        var (bob, bobSink) = Connect(_bob);
        await _hub.SubscribeAsync(bob, _room.Id, 0);

        await _hub.OnMessageStoredAsync(Message(2), default);
        await _hub.OnMessageStoredAsync(Message(3), default);
        await _hub.OnMessageStoredAsync(Message(1), default);
        await _hub.OnMessageStoredAsync(Message(2), default); // a duplicate notice

        await bobSink.WaitForAsync(f => f.Count(x => Type(x) == "message") >= 3);
        await Task.Delay(50);
        Assert.Equal([1L, 2, 3], bobSink.OfType("message").Select(f => f.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task A_gap_that_never_fills_asks_the_client_to_resume_from_the_database()
    {
        await using var hub = CreateHub(new RealtimeOptions { MaxWaitingPerSubscription = 3 });
        var sink = new RecordingSink();
        var bob = hub.Connect(_bob.Id, "bob", sink);
        await hub.SubscribeAsync(bob, _room.Id, 0);

        for (var seq = 2; seq <= 5; seq++)
        {
            await hub.OnMessageStoredAsync(Message(seq), default); // seq 1 was lost
        }

        Assert.Equal(DisconnectReason.Resync, bob.DisconnectReason);
        Assert.Empty(sink.OfType("message"));
    }

    [Fact]
    public async Task Subscribing_while_others_send_gives_every_message_exactly_once_in_order()
    {
        await using var hub = CreateHub(new RealtimeOptions { SendLimit = 10_000, OutboundQueueCapacity = 1024 });
        var sender = hub.Connect(_alice.Id, "alice", new RecordingSink());
        for (var i = 1; i <= 150; i++)
        {
            await hub.SendAsync(sender, _room.Id, $"pre{i}", "before"); // more than one replay page
        }

        var sending = Task.Run(async () =>
        {
            for (var i = 1; i <= 100; i++)
            {
                await hub.SendAsync(sender, _room.Id, $"live{i}", "during");
            }
        });
        var sink = new RecordingSink();
        var bob = hub.Connect(_bob.Id, "bob", sink);
        Assert.True(await hub.SubscribeAsync(bob, _room.Id, 0));
        await sending;

        var frames = await sink.WaitForAsync(f => f.Count(x => Type(x) == "message") >= 250);
        await Task.Delay(50);
        Assert.Equal(Enumerable.Range(1, 250).Select(i => (long)i), sink.OfType("message").Select(f => f.GetProperty("seq").GetInt64()));
        Assert.Single(sink.OfType("subscribed"));
        Assert.Null(bob.DisconnectReason);
    }

    [Fact]
    public async Task Presence_goes_to_users_sharing_a_room_with_privacy_applied_per_viewer()
    {
        var presence = new PresenceTracker(_fixture.Store.Users, _backplane, _clock);
        var (_, bobSink) = Connect(_bob);
        var (_, carolSink) = Connect(_carol); // shares no room with alice

        await presence.ConnectedAsync(_alice.Id);
        var online = (await bobSink.WaitForAsync(f => f.Count > 0)).Single();
        Assert.Equal("presence", Type(online));
        Assert.Equal("alice", online.GetProperty("user").GetString());
        Assert.True(online.GetProperty("online").GetBoolean());

        await _fixture.Store.Users.SetShowLastSeenAsync(_alice.Id, false);
        await presence.DisconnectedAsync(_alice.Id);
        var hidden = (await bobSink.WaitForAsync(f => f.Count > 1))[1];
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("online").ValueKind);
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("last_seen").ValueKind);
        await Task.Delay(50);
        Assert.Empty(carolSink.Frames);
    }

    [Fact]
    public async Task Unsubscribing_and_leaving_stop_live_messages()
    {
        var (alice, _) = Connect(_alice);
        var (bob, bobSink) = Connect(_bob);
        var (bob2, bob2Sink) = Connect(_bob);
        await _hub.SubscribeAsync(bob, _room.Id, 0);
        await _hub.SubscribeAsync(bob2, _room.Id, 0);

        _hub.Unsubscribe(bob, _room.Id);
        await _hub.SendAsync(alice, _room.Id, "a", "one");
        await bob2Sink.WaitForAsync(f => f.Any(x => Type(x) == "message"));
        _hub.OnLeftRoom(_bob.Id, _room.Id);
        await _hub.SendAsync(alice, _room.Id, "b", "two");
        await Task.Delay(50);

        Assert.Empty(bobSink.OfType("message"));
        Assert.Single(bob2Sink.OfType("message"));
        Assert.Empty(bob.SubscribedRooms);
        Assert.Equal(3, _hub.ConnectionCount);
        await _hub.DisconnectAsync(bob);
        Assert.Equal(2, _hub.ConnectionCount);
    }

    private ChatHub CreateHub(RealtimeOptions options) => new(_fixture.Store, _backplane, options, _clock);

    private (ChatConnection Connection, RecordingSink Sink) Connect(User user)
    {
        var sink = new RecordingSink();
        return (_hub.Connect(user.Id, user.Username, sink), sink);
    }

    private ChatMessage Message(long seq) => new(seq, _room.Id, seq, _alice.Id, "alice", $"c{seq}", $"m{seq}", _clock.GetUtcNow());

    private static string? Type(JsonElement frame) => frame.GetProperty("type").GetString();
}