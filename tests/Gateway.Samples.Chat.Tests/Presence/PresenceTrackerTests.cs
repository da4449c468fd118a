using Gateway.Samples.Chat.Presence;
using Gateway.Samples.Chat.Realtime;
using Gateway.Samples.Chat.Storage;
using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.Presence;

public sealed class PresenceTrackerTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new();
    private readonly InProcessBackplane _backplane = new();
    private readonly RecordingSubscriber _events = new();
    private SqliteStoreFixture _fixture = null!;
    private PresenceTracker _tracker = null!;
    private User _alice = null!;
    private User _bob = null!;

    public async Task InitializeAsync()
    {
        _fixture = await SqliteStoreFixture.CreateAsync(_clock);
        _backplane.Subscribe(_events);
        _tracker = new PresenceTracker(_fixture.Store.Users, _backplane, _clock);
        _alice = await _fixture.UserAsync("alice");
        _bob = await _fixture.UserAsync("bob");
    }

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Online_from_the_first_socket_to_the_last_with_last_seen_stored()
    {
        Assert.True(await _tracker.ConnectedAsync(_alice.Id));
        Assert.False(await _tracker.ConnectedAsync(_alice.Id));
        Assert.True(await _tracker.ConnectedAsync(_bob.Id));
        Assert.False(await _tracker.ConnectedAsync(_alice.Id));
        Assert.Equal(3, _tracker.ConnectionCount(_alice.Id));

        _clock.Advance(TimeSpan.FromMinutes(3));
        Assert.False(await _tracker.DisconnectedAsync(_alice.Id));
        Assert.False(await _tracker.DisconnectedAsync(_alice.Id));
        Assert.True(_tracker.IsOnline(_alice.Id));
        Assert.Null((await _fixture.Store.Users.FindByIdAsync(_alice.Id))!.LastSeen);

        Assert.True(await _tracker.DisconnectedAsync(_alice.Id));

        Assert.False(_tracker.IsOnline(_alice.Id));
        Assert.True(_tracker.IsOnline(_bob.Id));
        var lastSeen = (await _fixture.Store.Users.FindByIdAsync(_alice.Id))!.LastSeen;
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), lastSeen!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(
            [
                new PresenceNotice(_alice.Id, "alice", true, null, true),
                new PresenceNotice(_bob.Id, "bob", true, null, true),
                new PresenceNotice(_alice.Id, "alice", false, lastSeen, true),
            ],
            _events.Presence);
    }

    [Fact]
    public async Task Concurrent_connects_and_disconnects_announce_strictly_alternating_states()
    {
        var work = new List<Task>();
        for (var i = 0; i < 40; i++)
        {
            work.Add(Task.Run(async () =>
            {
                await _tracker.ConnectedAsync(_alice.Id);
                await Task.Yield();
                await _tracker.DisconnectedAsync(_alice.Id);
            }));
        }

        await Task.WhenAll(work);

        Assert.Equal(0, _tracker.ConnectionCount(_alice.Id));
        var states = _events.Presence.Select(p => p.Online).ToList();
        Assert.NotEmpty(states);
        for (var i = 0; i < states.Count; i++)
        {
            Assert.Equal(i % 2 == 0, states[i]); // online, offline, online, … and offline last
        }
    }

    [Fact]
    public async Task More_disconnects_than_connects_is_a_bug_the_tracker_reports() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() => _tracker.DisconnectedAsync(_alice.Id));

    [Fact]
    public async Task Describe_applies_privacy_and_reciprocity_with_live_online_state()
    {
        await _tracker.ConnectedAsync(_alice.Id);
        await _tracker.ConnectedAsync(_alice.Id);
        await _tracker.ConnectedAsync(_bob.Id);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _tracker.DisconnectedAsync(_bob.Id);
        var alice = (await _fixture.Store.Users.FindByIdAsync(_alice.Id))!;
        var bob = (await _fixture.Store.Users.FindByIdAsync(_bob.Id))!;

        Assert.Equal(new PresenceView(true, null), _tracker.Describe(bob, alice));
        Assert.Equal(new PresenceView(false, bob.LastSeen), _tracker.Describe(alice, bob));

        await _fixture.Store.Users.SetShowLastSeenAsync(_alice.Id, false);
        alice = (await _fixture.Store.Users.FindByIdAsync(_alice.Id))!;

        Assert.Equal(PresenceView.Hidden, _tracker.Describe(bob, alice));       // alice hides from bob
        Assert.Equal(PresenceView.Hidden, _tracker.Describe(alice, bob));       // and so cannot see bob
        Assert.Equal(new PresenceView(true, null), _tracker.Describe(alice, alice)); // but sees herself
        Assert.Equal(new PresenceView(false, bob.LastSeen), _tracker.Describe(bob, bob));
    }
}