using Gateway.Samples.Chat.Realtime;
using Gateway.Samples.Chat.Realtime.Redis;
using Gateway.Samples.Chat.Storage;
using Gateway.Samples.Chat.Tests.ScaleOut;
using Gateway.Samples.Chat.Tests.Support;
using Gateway.Tests.Services;

using Microsoft.Extensions.Logging.Abstractions;

using StackExchange.Redis;

namespace Gateway.Samples.Chat.Tests.Realtime.Redis;

/// <summary>Two backplanes ("instances") on one real redis-server.</summary>
public sealed class RedisBackplaneTests
{
    private static readonly DateTimeOffset s_at = DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_000);

    [PeerFact(Peer.RedisServer)]
    public async Task Each_publication_reaches_every_instance_once_and_the_publisher_at_once()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var x = await Instance.StartAsync(redis, "x");
        await using var y = await Instance.StartAsync(redis, "y");

        await x.Backplane.PublishMessageStoredAsync(Message(1, "from x"));
        Assert.Single(x.Heard.Events.OfType<ChatMessage>()); // delivered locally before the publish returned
        await y.Backplane.PublishTypingAsync(new TypingNotice(3, 9, "yuri"));
        await y.Backplane.PublishPresenceAsync(new PresenceNotice(9, "yuri", true, null, true));

        // y's publications went out on the channel after x's, so once x has them, x's own copy would have come back too.
        await Eventually.ThatAsync(() => Task.FromResult(x.Heard.Presence.Count == 1 && x.Heard.Events.OfType<TypingNotice>().Count() == 1), "x to hear y");
        await Eventually.ThatAsync(() => Task.FromResult(y.Heard.Events.OfType<ChatMessage>().Count() == 1), "y to hear x");
        Assert.Equal("from x", Assert.Single(x.Heard.Events.OfType<ChatMessage>()).Text);
        Assert.Equal(Message(1, "from x"), Assert.Single(y.Heard.Events.OfType<ChatMessage>()));
        Assert.Single(y.Heard.Events.OfType<TypingNotice>());
        Assert.Single(y.Heard.Presence);
    }

    [PeerFact(Peer.RedisServer)]
    public async Task While_redis_is_down_publications_are_delivered_locally_and_its_return_triggers_a_catch_up()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var x = await Instance.StartAsync(redis, "x");
        var catchUps = x.Heard.LostCount;

        await redis.StopAsync();
        await Eventually.ThatAsync(() => Task.FromResult(!x.Backplane.IsLive), "x to notice Redis is down");
        await x.Backplane.PublishMessageStoredAsync(Message(1, "during the outage"));
        Assert.Single(x.Heard.Events.OfType<ChatMessage>());

        await redis.StartAgainAsync();
        Assert.True(await x.Backplane.WaitLiveAsync(ChatCluster.Patience));
        Assert.True(x.Heard.LostCount > catchUps);
    }

    private static ChatMessage Message(long seq, string text) => new(seq, 3, seq, 5, "alice", $"c-{seq}", text, s_at);

    private sealed class Instance : IAsyncDisposable
    {
        private readonly IConnectionMultiplexer _redis;
        private readonly IDisposable _subscription;

        private Instance(IConnectionMultiplexer redis, RedisBackplane backplane)
        {
            _redis = redis;
            Backplane = backplane;
            _subscription = backplane.Subscribe(Heard);
        }

        public RedisBackplane Backplane { get; }

        public RecordingSubscriber Heard { get; } = new();

        public static async Task<Instance> StartAsync(RedisServerProcess redis, string id)
        {
            var connection = await ChatServices.ConnectRedisAsync(redis.Configuration, id);
            var instance = new Instance(connection, new RedisBackplane(connection, id, new RedisTimings(), NullLogger.Instance));
            instance.Backplane.Start();
            Assert.True(await instance.Backplane.WaitLiveAsync(ChatCluster.Patience));
            return instance;
        }

        public async ValueTask DisposeAsync()
        {
            _subscription.Dispose();
            await Backplane.DisposeAsync();
            await _redis.DisposeAsync();
        }
    }
}