using StackExchange.Redis;

namespace Gateway.Samples.Chat.Realtime.Redis;

/// <summary>
/// Every Redis key and channel the chat uses. Keys share the hash tag <c>{chat}</c>, so on a Redis Cluster they live in
/// one slot and the presence scripts (which touch several keys atomically) stay legal.
/// </summary>
internal static class RedisNames
{
    /// <summary>The one pub/sub channel of stored-message, typing and presence notifications (see <see cref="BackplaneEnvelope"/>).</summary>
    public static readonly RedisChannel Events = RedisChannel.Literal("{chat}:events");

    /// <summary>Hash user id → open sockets on all instances together.</summary>
    public static readonly RedisKey PresenceTotals = "{chat}:presence:totals";

    /// <summary>Set of the instance ids that have (or had, until swept) presence entries.</summary>
    public static readonly RedisKey PresenceInstances = "{chat}:presence:instances";

    /// <summary>Hash user id → open sockets on instance <paramref name="instanceId"/>.</summary>
    public static RedisKey InstanceCounts(string instanceId) => "{chat}:presence:instance:" + instanceId;

    /// <summary>The instance's liveness key: it exists while the instance refreshes it (a TTL, renewed by the heartbeat).</summary>
    public static RedisKey InstanceAlive(string instanceId) => "{chat}:presence:alive:" + instanceId;
}