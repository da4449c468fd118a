using System.Threading.Channels;
using System.Threading.RateLimiting;

using Gateway.Samples.Chat.Observability;

namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// One client connection as the hub sees it: a BOUNDED outbound queue drained by a pump into the
/// <see cref="IOutboundSink"/>, the rooms it subscribed to, and its send budget. Fan-out never waits on a
/// connection: a frame that does not fit marks the connection a slow consumer and asks the transport to close it,
/// so one slow client costs at most its queue and never stalls a room. Create through <see cref="ChatHub.Connect"/>.
/// </summary>
internal sealed class ChatConnection : IAsyncDisposable
{
    private readonly Channel<OutboundFrame> _outbound;
    private readonly ChatMetrics? _metrics;
    private readonly IOutboundSink _sink;
    private readonly RealtimeOptions _options;
    private readonly FixedWindowRateLimiter _sends;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<long, RoomSubscription> _subscriptions = [];
    private readonly Lock _lock = new();
    private readonly Task _pump;
    private int _disconnectRequested;
    private int _disposed;

    internal ChatConnection(long id, long userId, string username, IOutboundSink sink, RealtimeOptions options, ChatMetrics? metrics)
    {
        Id = id;
        UserId = userId;
        Username = username;
        _sink = sink;
        _options = options;
        _metrics = metrics;
        _outbound = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(options.OutboundQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // A fixed window: in a probe, SlidingWindowRateLimiter (10.0.12, 10 segments) had not handed permits back
        // 2 windows later (not investigated further). A fixed window allows at most twice the limit across a boundary.
        _sends = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.SendLimit,
            Window = options.SendWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Unique in this process.</summary>
    public long Id { get; }

    /// <summary>The authenticated user.</summary>
    public long UserId { get; }

    /// <summary>The user's name.</summary>
    public string Username { get; }

    /// <summary>Why the hub asked for this connection to close, or null.</summary>
    public DisconnectReason? DisconnectReason { get; private set; }

    /// <summary>Frames queued and not yet written.</summary>
    public int QueuedFrames => _outbound.Reader.Count;

    /// <summary>Ends when the pump stops (queue completed, sink failed, or disconnect requested).</summary>
    public Task Completion => _pump;

    /// <summary>The rooms this connection receives live messages of.</summary>
    public IReadOnlyCollection<long> SubscribedRooms
    {
        get
        {
            lock (_lock)
            {
                return [.. _subscriptions.Keys];
            }
        }
    }

    /// <summary>
    /// Queues a frame the session itself answers with (ack, error, pong), waiting for room in the queue: the session's
    /// own replies slow the session down instead of dropping.
    /// </summary>
    public async ValueTask EnqueueAsync(byte[] frame, CancellationToken cancellationToken = default)
    {
        try
        {
            await _outbound.Writer.WriteAsync(new OutboundFrame(frame, 0), cancellationToken);
        }
        catch (ChannelClosedException)
        {
            // Closing: the frame has nowhere to go, and the client will resume from the database.
        }
    }

    /// <summary>Takes one send from the budget (<see cref="RealtimeOptions.SendLimit"/> per window); false when exhausted.</summary>
    public bool TryTakeSend()
    {
        using var lease = _sends.AttemptAcquire(1);
        return lease.IsAcquired;
    }

    /// <summary>Asks the transport once to close this connection and stops writing to it.</summary>
    public void RequestDisconnect(DisconnectReason reason)
    {
        if (Interlocked.Exchange(ref _disconnectRequested, 1) != 0)
        {
            return;
        }

        DisconnectReason = reason;
        _metrics?.ConnectionDropped(reason.ToString());
        _outbound.Writer.TryComplete();
        _stop.Cancel();
        _sink.RequestDisconnect(reason);
    }

    /// <summary>Stops the pump after the queued frames are written or <paramref name="timeout"/> passes (graceful shutdown).</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        _outbound.Writer.TryComplete();
        await Task.WhenAny(_pump, Task.Delay(timeout));
        await _stop.CancelAsync();
        await _pump;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _outbound.Writer.TryComplete();
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
        _sends.Dispose();
    }

    internal RoomSubscription Subscribe(long roomId, long sinceSeq)
    {
        lock (_lock)
        {
            var subscription = new RoomSubscription(roomId, sinceSeq);
            _subscriptions[roomId] = subscription;
            return subscription;
        }
    }

    internal bool Unsubscribe(long roomId)
    {
        lock (_lock)
        {
            return _subscriptions.Remove(roomId);
        }
    }

    /// <summary>The last seq queued live for the room, or null while its replay runs or when not subscribed.</summary>
    internal long? LiveSeq(long roomId)
    {
        lock (_lock)
        {
            return _subscriptions.TryGetValue(roomId, out var subscription) && !subscription.Replaying ? subscription.LastSeq : null;
        }
    }

    internal bool IsSubscribed(long roomId)
    {
        lock (_lock)
        {
            return _subscriptions.TryGetValue(roomId, out var subscription) && !subscription.Replaying;
        }
    }

    /// <summary>A replayed message, queued with backpressure; false when the subscription was replaced or dropped meanwhile.</summary>
    internal async ValueTask<bool> DeliverReplayedAsync(RoomSubscription subscription, long seq, byte[] frame, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!IsCurrent(subscription))
            {
                return false;
            }
        }

        await EnqueueAsync(frame, cancellationToken);
        lock (_lock)
        {
            subscription.LastSeq = seq;
            // A connection being closed would only swallow the rest of the replay.
            return IsCurrent(subscription) && Volatile.Read(ref _disconnectRequested) == 0;
        }
    }

    /// <summary>Ends the replay: queues <paramref name="subscribedFrame"/>, then whatever arrived live meanwhile, in order.</summary>
    internal bool CompleteReplay(RoomSubscription subscription, byte[] subscribedFrame)
    {
        lock (_lock)
        {
            if (!IsCurrent(subscription))
            {
                return false;
            }

            subscription.Replaying = false;
            if (TryQueue(new OutboundFrame(subscribedFrame, 0)))
            {
                Drain(subscription);
            }

            return true;
        }
    }

    /// <summary>
    /// A live message: queued if it is the next seq; held if early (during replay or after a gap); dropped if the
    /// client has it already (the replay gave it). Never waits. True when it was held behind a gap (not a replay):
    /// the hub then fills the gap from the database unless the missing notification arrives first.
    /// </summary>
    internal bool DeliverLive(long roomId, long seq, OutboundFrame frame)
    {
        lock (_lock)
        {
            if (!_subscriptions.TryGetValue(roomId, out var subscription) || seq <= subscription.LastSeq)
            {
                return false;
            }

            if (subscription.Replaying || seq > subscription.LastSeq + 1)
            {
                if (subscription.Waiting.Count >= _options.MaxWaitingPerSubscription)
                {
                    // The missing seq did not come (a lost notification) or replay is far behind: resuming from the
                    // database is cheaper than holding more.
                    RequestDisconnect(Realtime.DisconnectReason.Resync);
                    return false;
                }

                subscription.Waiting.TryAdd(seq, frame);
                return !subscription.Replaying;
            }

            if (TryQueue(frame))
            {
                subscription.LastSeq = seq;
                Drain(subscription);
            }

            return false;
        }
    }

    /// <summary>A frame that is not part of a room's sequence (typing, presence); dropped with the connection if the queue is full.</summary>
    internal void DeliverEvent(byte[] frame)
    {
        lock (_lock)
        {
            TryQueue(new OutboundFrame(frame, 0));
        }
    }

    private bool IsCurrent(RoomSubscription subscription) =>
        _subscriptions.TryGetValue(subscription.RoomId, out var current) && ReferenceEquals(current, subscription);

    private void Drain(RoomSubscription subscription)
    {
        while (subscription.Waiting.Count > 0)
        {
            var (seq, frame) = subscription.Waiting.First();
            if (seq <= subscription.LastSeq)
            {
                subscription.Waiting.Remove(seq);
                continue;
            }

            if (seq != subscription.LastSeq + 1 || !TryQueue(frame))
            {
                return;
            }

            subscription.Waiting.Remove(seq);
            subscription.LastSeq = seq;
        }
    }

    private bool TryQueue(OutboundFrame frame)
    {
        if (_outbound.Writer.TryWrite(frame))
        {
            return true;
        }

        if (Volatile.Read(ref _disconnectRequested) == 0)
        {
            RequestDisconnect(Realtime.DisconnectReason.SlowConsumer);
        }

        return false;
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var frame in _outbound.Reader.ReadAllAsync(_stop.Token))
            {
                await _sink.WriteAsync(frame.Utf8Json, _stop.Token);
                if (frame.NotifiedTimestamp != 0)
                {
                    _metrics?.MessageDelivered(frame.NotifiedTimestamp);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disconnect requested or disposed: queued frames are abandoned on purpose.
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is gone; the transport notices on its own and ends the session.
            _outbound.Writer.TryComplete();
        }
    }
}