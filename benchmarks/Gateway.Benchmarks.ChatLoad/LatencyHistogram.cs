namespace Gateway.Benchmarks.ChatLoad;

/// <summary>
/// Delivery latencies in 10 µs buckets up to 10 s (4 MB, whatever the load), plus a count of the ones above; safe to
/// record from many threads.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int BucketMicroseconds = 10;
    private readonly int[] _buckets = new int[1_000_000];
    private long _overflow;
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Record(TimeSpan latency)
    {
        var bucket = (long)(latency.TotalMicroseconds / BucketMicroseconds);
        if (bucket < 0)
        {
            bucket = 0;
        }

        if (bucket < _buckets.Length)
        {
            Interlocked.Increment(ref _buckets[bucket]);
        }
        else
        {
            Interlocked.Increment(ref _overflow);
        }

        Interlocked.Increment(ref _count);
    }

    /// <summary>The latency at <paramref name="quantile"/> (0..1), the upper edge of its bucket; null when nothing was
    /// recorded, <see cref="TimeSpan.MaxValue"/> when it is above 10 s.</summary>
    public TimeSpan? Quantile(double quantile)
    {
        var count = Count;
        if (count == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(quantile * count);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Volatile.Read(ref _buckets[i]);
            if (seen >= rank)
            {
                return TimeSpan.FromMicroseconds((i + 1) * (double)BucketMicroseconds);
            }
        }

        return TimeSpan.MaxValue;
    }
}