using System.Diagnostics;
using System.Globalization;

namespace Gateway.Benchmarks.ChatLoad;

/// <summary>
/// One simulated user: connects, then sends one message per period (with its own phase) while counting what it
/// receives. Each message's client id is unique (<c>c&lt;index&gt;-&lt;slot&gt;</c>) and its text is
/// <c>bench &lt;sender index&gt; &lt;Stopwatch timestamp&gt;</c>, so receivers measure latency and the run can tell, for
/// every client, which acknowledged messages of its room it never got (lost) or got twice (duplicated).
/// </summary>
internal abstract class LoadClient(int index, int room, Measurement measurement) : IAsyncDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);
    private readonly HashSet<string> _received = new(StringComparer.Ordinal);
    private long _duplicates;

    public int Index { get; } = index;

    /// <summary>The room index (0..R-1).</summary>
    public int Room { get; } = room;

    protected Measurement Measurement { get; } = measurement;

    /// <summary>Messages received more than once.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    public int UniqueReceived
    {
        get
        {
            lock (_received)
            {
                return _received.Count;
            }
        }
    }

    public bool HasReceived(string clientId)
    {
        lock (_received)
        {
            return _received.Contains(clientId);
        }
    }

    /// <summary>Connects, authenticates (if the protocol has it) and joins its room, within 15 s.</summary>
    public async Task ConnectAsync(Uri baseUri, string? access, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_wait);
        await ConnectCoreAsync(baseUri, access, timeout.Token);
    }

    /// <summary>Receives until cancelled or closed.</summary>
    public abstract Task ReceiveLoopAsync(CancellationToken cancellationToken);

    /// <summary>Sends one message every <paramref name="period"/> from <paramref name="start"/> + <paramref name="phase"/>
    /// until cancelled; a slot that has passed while a send was blocked is skipped, not made up.</summary>
    public async Task SendLoopAsync(long start, TimeSpan phase, TimeSpan period, CancellationToken cancellationToken)
    {
        long slot = 0;
        try
        {
            while (true)
            {
                var due = phase + (period * slot);
                var wait = due - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                var clientId = string.Create(CultureInfo.InvariantCulture, $"c{Index}-{slot}");
                var text = string.Create(CultureInfo.InvariantCulture, $"bench {Index} {Stopwatch.GetTimestamp()}");
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeout.CancelAfter(s_wait);
                    await SendCoreAsync(clientId, text, timeout.Token);
                }

                var next = (long)Math.Floor((Stopwatch.GetElapsedTime(start) - phase) / period) + 1;
                if (next > slot + 1)
                {
                    Measurement.Skip(next - slot - 1);
                }

                slot = Math.Max(slot + 1, next);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is System.Net.WebSockets.WebSocketException or OperationCanceledException or InvalidOperationException or IOException)
        {
            Measurement.Error($"client {Index}: send failed: {exception.Message}");
        }
    }

    public abstract ValueTask DisposeAsync();

    protected abstract Task ConnectCoreAsync(Uri baseUri, string? access, CancellationToken cancellationToken);

    /// <summary>Hands one message to the transport; the ack comes back through <see cref="OnAck"/>.</summary>
    protected abstract Task SendCoreAsync(string clientId, string text, CancellationToken cancellationToken);

    /// <summary>A message of the client's room arrived.</summary>
    protected void OnMessage(string clientId, string text, long receivedTimestamp)
    {
        bool first;
        lock (_received)
        {
            first = _received.Add(clientId);
        }

        if (!first)
        {
            Interlocked.Increment(ref _duplicates);
        }

        if (!Measurement.Measuring)
        {
            return;
        }

        TimeSpan? latency = null;
        var parts = text.Split(' ');
        if (parts.Length == 3 && parts[0] == "bench" && int.Parse(parts[1], CultureInfo.InvariantCulture) != Index)
        {
            latency = Stopwatch.GetElapsedTime(long.Parse(parts[2], CultureInfo.InvariantCulture), receivedTimestamp);
        }

        Measurement.Delivery(latency);
    }

    /// <summary>The server stored one of this client's messages.</summary>
    protected void OnAck(string clientId) => Measurement.Ack(clientId, Room);
}