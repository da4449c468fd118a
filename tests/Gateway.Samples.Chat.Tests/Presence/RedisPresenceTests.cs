using Gateway.Samples.Chat.Presence;
using Gateway.Samples.Chat.Realtime.Redis;
using Gateway.Samples.Chat.Tests.ScaleOut;
using Gateway.Tests.Services;

using Microsoft.Extensions.Logging.Abstractions;

using StackExchange.Redis;

namespace Gateway.Samples.Chat.Tests.Presence;

/// <summary>
/// Shared presence on a real redis-server, two instances ("x", "y"). Heartbeats run by hand (no loop), so each step
/// is explicit.
/// </summary>
public sealed class RedisPresenceTests
{
    [PeerFact(Peer.RedisServer)]
    public async Task Totals_count_sockets_on_every_instance()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var x = await Instance.StartAsync(redis, "x");
        await using var y = await Instance.StartAsync(redis, "y");

        Assert.Equal(1, await x.Presence.ChangeAsync(7, +1)); // first socket anywhere: online
        Assert.Equal(2, await y.Presence.ChangeAsync(7, +1));
        Assert.Equal(2, await x.Presence.TotalAsync(7));
        Assert.Equal(1, await x.Presence.ChangeAsync(7, -1));
        Assert.Equal(0, await y.Presence.ChangeAsync(7, -1)); // last socket anywhere: offline
        Assert.Equal(0, await y.Presence.TotalAsync(7));
    }

    [PeerFact(Peer.RedisServer)]
    public async Task A_live_instance_sweeps_a_dead_ones_users_and_only_those_with_no_socket_left_go_offline()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var x = await Instance.StartAsync(redis, "x");
        await using var y = await Instance.StartAsync(redis, "y");
        await x.Presence.ChangeAsync(1, +1);
        await x.Presence.ChangeAsync(2, +1);
        await y.Presence.ChangeAsync(2, +1);

        // x stops refreshing its liveness key; here it expires at once.
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration))
        {
            await admin.GetDatabase().KeyDeleteAsync(RedisNames.InstanceAlive("x"));
        }

        await y.Presence.BeatAsync();

        Assert.Equal([(1L, false)], y.Announced);
        Assert.Equal(0, await y.Presence.TotalAsync(1));
        Assert.Equal(1, await y.Presence.TotalAsync(2));
        await y.Presence.BeatAsync();
        Assert.Single(y.Announced); // swept once
    }

    [PeerFact(Peer.RedisServer)]
    public async Task After_redis_loses_everything_each_instance_writes_its_counts_back_and_announces_them()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var x = await Instance.StartAsync(redis, "x");
        Assert.Equal(1, await x.Presence.ChangeAsync(5, +1));

        await redis.StopAsync();
        await redis.StartAgainAsync(); // empty
        // A change while Redis is gone or before the reconcile cannot be decided: null, announced later.
        Assert.Null(await x.Presence.ChangeAsync(5, +1));
        await Eventually.ThatAsync(async () =>
        {
            try
            {
                await x.Presence.BeatAsync();
                return true;
            }
            catch (RedisException)
            {
                return false; // still reconnecting
            }
        }, "a heartbeat to reach the restarted Redis");

        Assert.Equal(2, await x.Presence.TotalAsync(5));
        Assert.Contains((5L, true), x.Announced);
    }

    private sealed class Instance : IAsyncDisposable
    {
        private readonly IConnectionMultiplexer _redis;
        private readonly List<(long, bool)> _announced = [];

        private Instance(IConnectionMultiplexer redis, RedisPresence presence)
        {
            _redis = redis;
            Presence = presence;
        }

        public RedisPresence Presence { get; }

        public IReadOnlyList<(long User, bool Online)> Announced
        {
            get
            {
                lock (_announced)
                {
                    return [.. _announced];
                }
            }
        }

        public static async Task<Instance> StartAsync(RedisServerProcess redis, string id)
        {
            var connection = await ChatServices.ConnectRedisAsync(redis.Configuration, id);
            Instance? instance = null;
            var presence = new RedisPresence(connection, id, new RedisTimings(), NullLogger.Instance);
            instance = new Instance(connection, presence);
            presence.Start((user, online, _) =>
            {
                lock (instance._announced)
                {
                    instance._announced.Add((user, online));
                }

                return Task.CompletedTask;
            }, heartbeat: false);
            await presence.BeatAsync(); // registered, so changes are decided at once
            return instance;
        }

        public async ValueTask DisposeAsync()
        {
            await Presence.DisposeAsync();
            await _redis.DisposeAsync();
        }
    }
}