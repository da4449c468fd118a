using System.Text.Json;

using Gateway.Samples.Chat.Realtime;
using Gateway.Samples.Chat.Storage;
using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.Realtime;

/// <summary>
/// Messages whose notifications were lost (stored by "another instance" straight into the database, never published
/// here) reach subscribers from the database: after the backplane reports a loss, and when a gap stays open.
/// </summary>
public sealed class ChatHubCatchUpTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new();
    private readonly InProcessBackplane _backplane = new();
    private SqliteStoreFixture _fixture = null!;
    private User _alice = null!;
    private User _bob = null!;
    private Room _room = null!;

    public async Task InitializeAsync()
    {
        _fixture = await SqliteStoreFixture.CreateAsync(_clock);
        _alice = await _fixture.UserAsync("alice");
        _bob = await _fixture.UserAsync("bob");
        _room = await _fixture.Store.Rooms.CreatePublicAsync("general", _alice.Id, _clock.GetUtcNow());
        await _fixture.Store.Rooms.JoinAsync(_room.Id, _bob.Id, _clock.GetUtcNow());
    }

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task After_a_reported_loss_missed_messages_are_replayed_in_order_then_live_ones_follow()
    {
        await using var hub = new ChatHub(_fixture.Store, _backplane, new RealtimeOptions(), _clock);
        var sink = new RecordingSink();
        var bob = hub.Connect(_bob.Id, "bob", sink);
        await hub.SubscribeAsync(bob, _room.Id, 0);
        await StoreElsewhereAsync(3);

        await _backplane.NotifyLostAsync();
        var alice = hub.Connect(_alice.Id, "alice", new RecordingSink());
        await hub.SendAsync(alice, _room.Id, "live", "live one");

        var frames = await sink.WaitForAsync(f => f.Count(x => Type(x) == "message") >= 4);
        Assert.Equal([1L, 2, 3, 4], sink.OfType("message").Select(f => f.GetProperty("seq").GetInt64()));
        Assert.Equal("live one", sink.OfType("message")[3].GetProperty("text").GetString());
        Assert.Null(bob.DisconnectReason);
        Assert.Equal("subscribed", Type(frames[0]));
    }

    [Fact]
    public async Task A_connection_further_behind_than_half_its_queue_is_told_to_resync_instead()
    {
        await using var hub = new ChatHub(_fixture.Store, _backplane, new RealtimeOptions { OutboundQueueCapacity = 8 }, _clock);
        var sink = new RecordingSink();
        var bob = hub.Connect(_bob.Id, "bob", sink);
        await hub.SubscribeAsync(bob, _room.Id, 0);
        await StoreElsewhereAsync(5);

        await _backplane.NotifyLostAsync();

        Assert.Equal(DisconnectReason.Resync, bob.DisconnectReason);
        Assert.Empty(sink.OfType("message"));
    }

    [Fact]
    public async Task A_gap_that_stays_open_is_filled_from_the_database()
    {
        await using var hub = new ChatHub(_fixture.Store, _backplane, new RealtimeOptions { GapFillDelay = TimeSpan.FromMilliseconds(50) }, _clock);
        var sink = new RecordingSink();
        var bob = hub.Connect(_bob.Id, "bob", sink);
        await hub.SubscribeAsync(bob, _room.Id, 0);
        await StoreElsewhereAsync(1); // seq 1: its notification is lost
        var alice = hub.Connect(_alice.Id, "alice", new RecordingSink());

        await hub.SendAsync(alice, _room.Id, "second", "published"); // seq 2 arrives, and waits behind the gap

        await sink.WaitForAsync(f => f.Count(x => Type(x) == "message") >= 2);
        Assert.Equal([1L, 2], sink.OfType("message").Select(f => f.GetProperty("seq").GetInt64()));
        Assert.Null(bob.DisconnectReason);
    }

    private async Task StoreElsewhereAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _fixture.Store.Messages.StoreAsync(_room.Id, _alice.Id, Guid.NewGuid().ToString("N"), $"elsewhere {i}", _clock.GetUtcNow());
        }
    }

    private static string? Type(JsonElement frame) => frame.GetProperty("type").GetString();
}