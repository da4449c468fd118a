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

    [Fact]
    public async Task A_gap_fill_that_fails_is_tried_again_until_the_gap_is_filled()
    {
        // Under load the database can refuse a fill (the connection pool times out). The message held behind the gap must
        // still arrive, although no further live message comes to trigger another fill.
        var store = new FailingReplayStore(_fixture.Store);
        await using var hub = new ChatHub(store, _backplane, new RealtimeOptions { GapFillDelay = TimeSpan.FromMilliseconds(50) }, _clock);
        var sink = new RecordingSink();
        var bob = hub.Connect(_bob.Id, "bob", sink);
        await hub.SubscribeAsync(bob, _room.Id, 0);
        await StoreElsewhereAsync(1); // seq 1: its notification is lost
        var alice = hub.Connect(_alice.Id, "alice", new RecordingSink());
        store.FailNextReplays(2);

        await hub.SendAsync(alice, _room.Id, "second", "published"); // seq 2 waits behind the gap; the first two fills fail

        await sink.WaitForAsync(f => f.Count(x => Type(x) == "message") >= 2);
        Assert.Equal([1L, 2], sink.OfType("message").Select(f => f.GetProperty("seq").GetInt64()));
        Assert.True(store.FailuresLeft < 0, "the fill was tried again after its failures");
    }

    /// <summary>The fixture's store, whose next message replays time out when told to.</summary>
    private sealed class FailingReplayStore(IChatStore inner) : IChatStore, IMessageRepository
    {
        private int _failuresLeft;

        public int FailuresLeft => Volatile.Read(ref _failuresLeft);

        public void FailNextReplays(int count) => Volatile.Write(ref _failuresLeft, count);

        public string ProviderName => inner.ProviderName;

        public IUserRepository Users => inner.Users;

        public IRefreshTokenRepository RefreshTokens => inner.RefreshTokens;

        public IRoomRepository Rooms => inner.Rooms;

        public IMessageRepository Messages => this;

        public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default) => inner.MigrateAsync(cancellationToken);

        public Task<bool> PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the fixture disposes the real store

        public Task<StoreMessageResult> StoreAsync(long roomId, long senderId, string clientId, string text, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            inner.Messages.StoreAsync(roomId, senderId, clientId, text, now, cancellationToken);

        public Task<HistoryPage> HistoryAsync(long roomId, long? beforeSeq, int limit, CancellationToken cancellationToken = default) =>
            inner.Messages.HistoryAsync(roomId, beforeSeq, limit, cancellationToken);

        public Task<IReadOnlyList<ChatMessage>> ReplayAsync(long roomId, long sinceSeq, int limit, CancellationToken cancellationToken = default) =>
            Interlocked.Decrement(ref _failuresLeft) >= 0
                ? throw new TimeoutException("The connection pool is exhausted.")
                : inner.Messages.ReplayAsync(roomId, sinceSeq, limit, cancellationToken);
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