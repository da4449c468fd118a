using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gateway.Samples.Chat.Observability;

/// <summary>
/// The chat's own instruments on a <see cref="Meter"/> named <c>Gateway.Samples.Chat</c> (one per composition root,
/// disposed with it), recorded by the hub and the auth service; the <c>/metrics</c> endpoint exports them (prometheus-net
/// reads System.Diagnostics.Metrics). Recording costs nothing while no listener is attached.
/// </summary>
internal sealed class ChatMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Gateway.Samples.Chat";

    private readonly Counter<long> _messagesStored;
    private readonly Counter<long> _messagesDelivered;
    private readonly Histogram<double> _deliveryLatency;
    private readonly UpDownCounter<long> _connectionsOpen;
    private readonly Counter<long> _authFailures;
    private readonly Counter<long> _rateLimitHits;
    private readonly Counter<long> _slowConsumers;
    private readonly UpDownCounter<long> _redisUp;
    private readonly Counter<long> _backplanePublished;
    private readonly Counter<long> _backplaneReceived;
    private readonly Counter<long> _backplaneCatchUps;
    private readonly Counter<long> _presenceSwept;
    private int _redisState = -1;

    /// <summary>Creates the meter and its instruments.</summary>
    public ChatMetrics()
    {
        Meter = new Meter(MeterName);
        _messagesStored = Meter.CreateCounter<long>("chat.messages.stored", "{message}", "Messages stored (duplicates not counted).");
        _messagesDelivered = Meter.CreateCounter<long>("chat.messages.delivered", "{message}", "Message frames written to a connection's transport.");
        _deliveryLatency = Meter.CreateHistogram<double>("chat.messages.delivery_latency", "s", "From the stored-message notification to the frame written to one connection.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _connectionsOpen = Meter.CreateUpDownCounter<long>("chat.connections.open", "{connection}", "Real-time connections registered with the hub.");
        _authFailures = Meter.CreateCounter<long>("chat.auth.failures", "{failure}", "Failed authentications by reason.");
        _rateLimitHits = Meter.CreateCounter<long>("chat.rate_limit.hits", "{hit}", "Requests refused by a rate limit, by limiter.");
        _slowConsumers = Meter.CreateCounter<long>("chat.connections.dropped", "{connection}", "Connections the hub asked to close, by reason.");
        _redisUp = Meter.CreateUpDownCounter<long>("chat.redis.up", "{state}", "1 while the Redis subscription is verified live, 0 while Redis is unreachable (absent without Chat:Redis).");
        _backplanePublished = Meter.CreateCounter<long>("chat.backplane.published", "{notification}", "Notifications published to Redis, by result (ok, failed).");
        _backplaneReceived = Meter.CreateCounter<long>("chat.backplane.received", "{notification}", "Notifications received from other instances over Redis.");
        _backplaneCatchUps = Meter.CreateCounter<long>("chat.backplane.catch_ups", "{catch_up}", "Replays from the database after the Redis subscription was lost and restored.");
        _presenceSwept = Meter.CreateCounter<long>("chat.presence.instances_swept", "{instance}", "Dead instances whose presence entries this instance removed.");
    }

    /// <summary>The meter (for exporters and tests).</summary>
    public Meter Meter { get; }

    /// <summary>A message was stored.</summary>
    public void MessageStored() => _messagesStored.Add(1);

    /// <summary>A message frame reached a connection's transport; <paramref name="notifiedTimestamp"/> is a <see cref="Stopwatch"/> timestamp.</summary>
    public void MessageDelivered(long notifiedTimestamp)
    {
        _messagesDelivered.Add(1);
        if (_deliveryLatency.Enabled)
        {
            _deliveryLatency.Record(Stopwatch.GetElapsedTime(notifiedTimestamp).TotalSeconds);
        }
    }

    /// <summary>A connection was registered (+1) or removed (-1).</summary>
    public void ConnectionsChanged(int delta) => _connectionsOpen.Add(delta);

    /// <summary>An authentication failed; <paramref name="reason"/> is a short fixed word, never user input.</summary>
    public void AuthFailure(string reason) => _authFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A rate limit refused something (<c>login</c>, <c>send</c>).</summary>
    public void RateLimitHit(string limiter) => _rateLimitHits.Add(1, new KeyValuePair<string, object?>("limiter", limiter));

    /// <summary>The hub asked a connection to close.</summary>
    public void ConnectionDropped(string reason) => _slowConsumers.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Whether Redis is reachable and the subscription live; recorded on changes only (a 0/1 gauge).</summary>
    public void RedisUp(bool up)
    {
        var state = up ? 1 : 0;
        var previous = Interlocked.Exchange(ref _redisState, state);
        if (previous != state)
        {
            // The first report sets the gauge from nothing (0 or +1); later ones move it by one.
            _redisUp.Add(previous < 0 ? state : state - previous);
        }
    }

    /// <summary>A notification was handed to Redis (<paramref name="ok"/>) or could not be.</summary>
    public void BackplanePublished(bool ok) => _backplanePublished.Add(1, new KeyValuePair<string, object?>("result", ok ? "ok" : "failed"));

    /// <summary>A notification from another instance arrived.</summary>
    public void BackplaneReceived() => _backplaneReceived.Add(1);

    /// <summary>The hub replayed from the database after a lost subscription.</summary>
    public void BackplaneCatchUp() => _backplaneCatchUps.Add(1);

    /// <summary>A dead instance's presence entries were removed.</summary>
    public void PresenceInstanceSwept() => _presenceSwept.Add(1);

    /// <inheritdoc />
    public void Dispose() => Meter.Dispose();
}