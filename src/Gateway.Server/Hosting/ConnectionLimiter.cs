namespace Gateway.Server;

/// <summary>Counts open connections against <see cref="GatewayServerLimits.MaxConcurrentConnections"/> (Kestrel keeps
/// this in its own small type too). Thread-safe and allocation-free.</summary>
internal sealed class ConnectionLimiter(long? max)
{
    private long _open;

    /// <summary>The connections counted now.</summary>
    public long Count => Volatile.Read(ref _open);

    /// <summary>Counts one more connection; false (nothing counted) when the limit is reached. Each true is matched by
    /// one <see cref="Release"/>.</summary>
    public bool TryAcquire()
    {
        var open = Interlocked.Increment(ref _open);
        if (max is { } limit && open > limit)
        {
            Interlocked.Decrement(ref _open);
            return false;
        }

        return true;
    }

    /// <summary>Uncounts a connection that <see cref="TryAcquire"/> counted.</summary>
    public void Release() => Interlocked.Decrement(ref _open);
}