using System.Collections.Concurrent;

namespace Gateway.Benchmarks.ChatLoad;

/// <summary>
/// What every client of one run counts: acks, deliveries and latency while <see cref="Measuring"/> is set (the measured
/// window), and for the whole run which client ids were acknowledged in which room (for lost/duplicated).
/// </summary>
internal sealed class Measurement
{
    private readonly ConcurrentDictionary<string, int> _acked = new(StringComparer.Ordinal);
    private int _measuring;
    private long _acks;
    private long _deliveries;
    private long _errors;
    private long _skipped;
    private long _resumptions;
    private long _maxLatencyTicks;

    public bool Measuring
    {
        get => Volatile.Read(ref _measuring) != 0;
        set => Volatile.Write(ref _measuring, value ? 1 : 0);
    }

    /// <summary>Send timestamp (Stopwatch) → receipt at another client, in the window.</summary>
    public LatencyHistogram Latency { get; } = new();

    public TimeSpan MaxLatency => TimeSpan.FromTicks(Interlocked.Read(ref _maxLatencyTicks));

    public long Acks => Interlocked.Read(ref _acks);

    public long Deliveries => Interlocked.Read(ref _deliveries);

    /// <summary>Error frames and failed connections, warm-up included.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Send slots a client missed because it was still sending the previous one.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    public string? FirstError { get; private set; }

    /// <summary>Every acknowledged message (client id → room index), warm-up included.</summary>
    public IReadOnlyDictionary<string, int> Acknowledged => _acked;

    public void Ack(string clientId, int room)
    {
        _acked[clientId] = room;
        if (Measuring)
        {
            Interlocked.Increment(ref _acks);
        }
    }

    public void Delivery(TimeSpan? latency)
    {
        Interlocked.Increment(ref _deliveries);
        if (latency is not { } value)
        {
            return;
        }

        Latency.Record(value);
        var ticks = value.Ticks;
        var max = Interlocked.Read(ref _maxLatencyTicks);
        while (ticks > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxLatencyTicks, ticks, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    public void Skip(long slots) => Interlocked.Add(ref _skipped, slots);

    /// <summary>Connections the server closed as too slow (1013) or for a resync (4000) that the client resumed from its
    /// last seq, as the chat's protocol asks; SignalR has no such close.</summary>
    public long Resumptions => Interlocked.Read(ref _resumptions);

    public void Resumed() => Interlocked.Increment(ref _resumptions);

    public void Error(string what)
    {
        if (Interlocked.Increment(ref _errors) == 1)
        {
            FirstError = what;
        }
    }
}