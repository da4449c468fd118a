using System.Threading.Channels;

using Gateway.Samples.Chat.Observability;
using Gateway.Samples.Chat.Storage;

using Microsoft.Extensions.Logging;

using StackExchange.Redis;

namespace Gateway.Samples.Chat.Realtime.Redis;

/// <summary>
/// The scale-out backplane: every publication is delivered to this instance's subscribers at once (in-process, so it
/// works while Redis is down) and then published on <see cref="RedisNames.Events"/>; what other instances publish
/// there is delivered to this instance's subscribers. Envelopes carry the publisher's id, so an instance never
/// delivers its own publication twice.
/// <para>
/// Redis pub/sub is at-most-once: whatever is published while this instance's subscription is down is gone. A
/// monitor proves the subscription live with a probe (a publication this instance must receive back); when the proof
/// follows a loss (a failed connection, a probe that did not return), subscribers are told to catch up from the
/// database (<see cref="IBackplaneSubscriber.OnNotificationsLostAsync"/>). Anything published before the proof was
/// stored before it, so a database read after the proof sees it; anything published after arrives live.
/// </para>
/// Inbound work is bounded: messages and typing are handed to the hub (which only queues), presence notices go through
/// a bounded queue because the hub looks up contacts for each.
/// </summary>
internal sealed class RedisBackplane : IChatBackplane, IAsyncDisposable
{
    private const int PresenceQueueCapacity = 1024;

    private readonly IConnectionMultiplexer _redis;
    private readonly ISubscriber _pubsub;
    private readonly InProcessBackplane _local = new();
    private readonly string _instanceId;
    private readonly ILogger _logger;
    private readonly ChatMetrics? _metrics;
    private readonly RedisTimings _timings;
    private readonly Channel<PresenceNotice> _presence;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _lock = new();
    private ChannelMessageQueue? _queue;
    private TaskCompletionSource? _probe;
    private string? _probeNonce;
    private Task? _monitor;
    private Task? _presencePump;
    private Task? _reader;
    private volatile bool _live;
    private int _failures;

    /// <summary>Wraps <paramref name="redis"/>; call <see cref="Start"/> once the subscribers (the hub) are in place.</summary>
    public RedisBackplane(IConnectionMultiplexer redis, string instanceId, RedisTimings timings, ILogger logger, ChatMetrics? metrics = null)
    {
        _redis = redis;
        _pubsub = redis.GetSubscriber();
        _instanceId = instanceId;
        _timings = timings;
        _logger = logger;
        _metrics = metrics;
        _presence = Channel.CreateBounded<PresenceNotice>(new BoundedChannelOptions(PresenceQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropOldest,
        }, _ => RedisLog.PresenceDropped(_logger));
        _redis.ConnectionFailed += OnConnectionFailed;
        _redis.ConnectionRestored += OnConnectionRestored;
    }

    /// <summary>Whether this instance's Redis subscription was proven live and has not failed since.</summary>
    public bool IsLive => _live;

    /// <summary>This instance's id in envelopes and presence keys.</summary>
    public string InstanceId => _instanceId;

    /// <summary>Starts the monitor (subscribe, probe, catch up) and the presence pump; returns at once.</summary>
    public void Start()
    {
        _metrics?.RedisUp(false);
        _presencePump = Task.Run(PumpPresenceAsync);
        _monitor = Task.Run(MonitorAsync);
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until the subscription is live; false when it is not by then.</summary>
    public async Task<bool> WaitLiveAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_live && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return _live;
    }

    /// <inheritdoc />
    public async ValueTask PublishMessageStoredAsync(ChatMessage message, CancellationToken cancellationToken = default)
    {
        await _local.PublishMessageStoredAsync(message, cancellationToken);
        Publish(new BackplaneEnvelope(_instanceId, Message: message));
    }

    /// <inheritdoc />
    public async ValueTask PublishTypingAsync(TypingNotice notice, CancellationToken cancellationToken = default)
    {
        await _local.PublishTypingAsync(notice, cancellationToken);
        Publish(new BackplaneEnvelope(_instanceId, Typing: notice));
    }

    /// <inheritdoc />
    public async ValueTask PublishPresenceAsync(PresenceNotice notice, CancellationToken cancellationToken = default)
    {
        await _local.PublishPresenceAsync(notice, cancellationToken);
        Publish(new BackplaneEnvelope(_instanceId, Presence: notice));
    }

    /// <inheritdoc />
    public IDisposable Subscribe(IBackplaneSubscriber subscriber) => _local.Subscribe(subscriber);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _redis.ConnectionFailed -= OnConnectionFailed;
        _redis.ConnectionRestored -= OnConnectionRestored;
        await _stop.CancelAsync();
        _presence.Writer.TryComplete();
        ChannelMessageQueue? queue;
        lock (_lock)
        {
            queue = _queue;
        }

        if (queue is not null)
        {
            try
            {
                await queue.UnsubscribeAsync();
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // Redis is down; the connection closes with the multiplexer anyway.
            }
        }

        foreach (var task in new[] { _monitor, _reader, _presencePump })
        {
            if (task is not null)
            {
                await task.ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        _stop.Dispose();
        _wake.Dispose();
    }

    // Fire-and-forget: the ack never waits for Redis, and a notification lost here is recovered by the receivers'
    // catch-up (they lose their subscription too when Redis goes away) or by their gap detection.
    private void Publish(BackplaneEnvelope envelope)
    {
        try
        {
            _pubsub.Publish(RedisNames.Events, envelope.Write(), CommandFlags.FireAndForget);
            _metrics?.BackplanePublished(ok: true);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            _metrics?.BackplanePublished(ok: false);
        }
    }

    private async Task MonitorAsync()
    {
        var stop = _stop.Token;
        var lastProbe = DateTime.MinValue;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!_redis.IsConnected)
                {
                    // Nothing to try until the multiplexer has reconnected (it retries on its own); a SUBSCRIBE sent
                    // now would fail, and might leave a registered queue that nobody reads.
                    MarkDown("not connected");
                    await WaitAsync(stop);
                    continue;
                }

                await EnsureSubscribedAsync();
                // While live, a probe every few seconds catches a subscription that died without an event.
                if (!_live || DateTime.UtcNow - lastProbe >= _timings.ProbeInterval)
                {
                    lastProbe = DateTime.UtcNow;
                    var failures = Volatile.Read(ref _failures);
                    if (await ProbeAsync(stop))
                    {
                        // A failure reported during the probe leaves it unproven: probe again rather than miss a loss.
                        if (!_live && failures == Volatile.Read(ref _failures))
                        {
                            await BecomeLiveAsync(stop);
                        }
                    }
                    else
                    {
                        MarkDown("the probe did not come back");
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                MarkDown(exception.GetType().Name);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                RedisLog.StepFailed(_logger, exception);
            }

            await WaitAsync(stop);
        }
    }

    // Woken early by a restored connection; otherwise poll, faster while down.
    private async Task WaitAsync(CancellationToken stop)
    {
        try
        {
            await _wake.WaitAsync(_live ? _timings.ProbeInterval : _timings.RetryInterval, stop);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop sees it.
        }
    }

    private async Task BecomeLiveAsync(CancellationToken stop)
    {
        // The gauge first: whoever sees the state flip (/healthz reads it) then finds /metrics agreeing.
        _metrics?.RedisUp(true);
        _live = true;
        RedisLog.Live(_logger, _instanceId);
        try
        {
            _metrics?.BackplaneCatchUp();
            await _local.NotifyLostAsync(stop);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The database may be the one that is down now; the client-side gap detection and reconnects remain.
            RedisLog.CatchUpFailed(_logger, exception);
        }
    }

    private async Task EnsureSubscribedAsync()
    {
        lock (_lock)
        {
            if (_queue is not null)
            {
                return;
            }
        }

        // The multiplexer re-subscribes by itself after a reconnect; this is only the first subscription (which
        // fails while Redis is down at startup).
        var queue = await _pubsub.SubscribeAsync(RedisNames.Events);
        lock (_lock)
        {
            _queue = queue;
        }

        _reader = Task.Run(() => ReadAsync(queue));
    }

    private async Task<bool> ProbeAsync(CancellationToken stop)
    {
        var nonce = Guid.NewGuid().ToString("N");
        var probe = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _probe = probe;
            _probeNonce = nonce;
        }

        await _pubsub.PublishAsync(RedisNames.Events, new BackplaneEnvelope(_instanceId, Probe: nonce).Write());
        try
        {
            await probe.Task.WaitAsync(_timings.ProbeTimeout, stop);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task ReadAsync(ChannelMessageQueue queue)
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            ChannelMessage message;
            try
            {
                message = await queue.ReadAsync(stop);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
            {
                return;
            }

            try
            {
                await DispatchAsync(message.Message, stop);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                RedisLog.StepFailed(_logger, exception);
            }
        }
    }

    private async ValueTask DispatchAsync(RedisValue value, CancellationToken stop)
    {
        if (!BackplaneEnvelope.TryRead((ReadOnlyMemory<byte>)value, out var envelope))
        {
            RedisLog.Malformed(_logger);
            return;
        }

        if (envelope.Origin == _instanceId)
        {
            // Our own publication: delivered locally when it was published. Only probes matter.
            if (envelope.Probe is { } nonce)
            {
                lock (_lock)
                {
                    if (nonce == _probeNonce)
                    {
                        _probe?.TrySetResult();
                    }
                }
            }

            return;
        }

        if (envelope.Probe is not null)
        {
            return; // another instance's probe
        }

        _metrics?.BackplaneReceived();
        if (envelope.Message is { } chatMessage)
        {
            await _local.PublishMessageStoredAsync(chatMessage, stop);
        }
        else if (envelope.Typing is { } typing)
        {
            await _local.PublishTypingAsync(typing, stop);
        }
        else if (envelope.Presence is { } presence)
        {
            _presence.Writer.TryWrite(presence);
        }
    }

    private async Task PumpPresenceAsync()
    {
        try
        {
            await foreach (var notice in _presence.Reader.ReadAllAsync(_stop.Token))
            {
                try
                {
                    await _local.PublishPresenceAsync(notice, _stop.Token);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    RedisLog.StepFailed(_logger, exception);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void MarkDown(string detail)
    {
        Interlocked.Increment(ref _failures);
        // The gauge before the state /healthz reads, so the two never disagree for an observer (the log line between
        // them used to leave /metrics saying up while /healthz said down; a test saw it once).
        _metrics?.RedisUp(false);
        if (_live)
        {
            _live = false;
            RedisLog.Down(_logger, detail);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) => MarkDown($"{e.ConnectionType} connection: {e.FailureType}");

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (Exception exception) when (exception is SemaphoreFullException or ObjectDisposedException)
        {
            // Already woken, or stopping.
        }
    }
}