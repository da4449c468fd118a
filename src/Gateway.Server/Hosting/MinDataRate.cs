namespace Gateway.Server;

/// <summary>A minimum transfer rate, enforced once a grace period has passed, so that slow clients cannot hold
/// connections and buffers indefinitely.</summary>
public sealed class MinDataRate
{
    /// <summary>Creates a rate.</summary>
    /// <param name="bytesPerSecond">The slowest acceptable average rate.</param>
    /// <param name="gracePeriod">How long a transfer may run before the rate is checked.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is not positive.</exception>
    public MinDataRate(double bytesPerSecond, TimeSpan gracePeriod)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(gracePeriod, TimeSpan.Zero);
        BytesPerSecond = bytesPerSecond;
        GracePeriod = gracePeriod;
    }

    /// <summary>The slowest acceptable average rate.</summary>
    public double BytesPerSecond { get; }

    /// <summary>How long a transfer may run before the rate is checked.</summary>
    public TimeSpan GracePeriod { get; }

    /// <summary>Whether <paramref name="bytes"/> moved in <paramref name="elapsed"/> is too slow.</summary>
    internal bool IsTooSlow(long bytes, TimeSpan elapsed) => elapsed > GracePeriod && bytes < BytesPerSecond * elapsed.TotalSeconds;
}