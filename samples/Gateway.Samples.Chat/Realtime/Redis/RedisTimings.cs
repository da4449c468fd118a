namespace Gateway.Samples.Chat.Realtime.Redis;

/// <summary>
/// The scale-out layer's clocks. With the defaults, an instance that dies stops refreshing its liveness key, which
/// expires within <see cref="AliveTtl"/> (6 s); a live instance's next sweep (every <see cref="HeartbeatInterval"/>,
/// 2 s) removes its entries: its users go offline within about 8 s, inside the 15 s the chat promises.
/// </summary>
internal sealed record RedisTimings
{
    /// <summary>How often each instance refreshes its liveness key and sweeps dead instances.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The liveness key's TTL: three heartbeats, so one slow heartbeat (a GC pause, a busy core) is not death.</summary>
    public TimeSpan AliveTtl { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>How often a live subscription is proven again with a probe.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a probe may take to come back before the subscription counts as lost.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often to try again while Redis is unreachable.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}