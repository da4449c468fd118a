using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gateway.Server;

/// <summary>
/// The server's instruments, on a <see cref="Meter"/> named <c>Gateway.Server</c>: from the application's
/// <see cref="IMeterFactory"/> when its services have one (the generic host's, so the host's metrics pipeline sees them),
/// else one per server instance, disposed with it. Request metrics follow OpenTelemetry's HTTP semantic conventions; recording is skipped when no listener is
/// attached, so an unobserved server pays nothing.
/// </summary>
internal sealed class ServerMetrics : IDisposable
{
    public const string MeterName = "Gateway.Server";

    // Boxed once: tag values are objects, and boxing a status code per request would allocate.
    private static readonly object[] BoxedStatusCodes = CreateBoxedStatusCodes();

    private readonly UpDownCounter<long> _activeConnections;
    private readonly Counter<long> _connections;
    private readonly Counter<long> _rejectedConnections;
    private readonly UpDownCounter<long> _activeUpgradedConnections;
    private readonly UpDownCounter<long> _activeRequests;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _badRequests;

    private readonly bool _ownsMeter;

    public ServerMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _activeConnections = Meter.CreateUpDownCounter<long>("gateway.server.active_connections", "{connection}", "Connections currently open.");
        _connections = Meter.CreateCounter<long>("gateway.server.connections", "{connection}", "Connections accepted.");
        _rejectedConnections = Meter.CreateCounter<long>("gateway.server.rejected_connections", "{connection}", "Connections refused because a connection limit was reached.");
        _activeUpgradedConnections = Meter.CreateUpDownCounter<long>("gateway.server.active_upgraded_connections", "{connection}", "WebSocket connections currently open.");
        _activeRequests = Meter.CreateUpDownCounter<long>("http.server.active_requests", "{request}", "Requests being processed.");
        _requestDuration = Meter.CreateHistogram<double>("http.server.request.duration", "s", "Time from the request head to the end of the response.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _badRequests = Meter.CreateCounter<long>("gateway.server.bad_requests", "{request}", "Requests rejected as malformed or over a limit, by reason.");
    }

    public Meter Meter { get; }

    public void ConnectionOpened()
    {
        _connections.Add(1);
        _activeConnections.Add(1);
    }

    public void ConnectionClosed() => _activeConnections.Add(-1);

    public void ConnectionRejected() => _rejectedConnections.Add(1);

    public void UpgradedConnectionOpened() => _activeUpgradedConnections.Add(1);

    public void UpgradedConnectionClosed() => _activeUpgradedConnections.Add(-1);

    public void RequestStarted() => _activeRequests.Add(1);

    public void RequestEnded(string method, int status, string protocolVersion, long startTimestamp)
    {
        _activeRequests.Add(-1);
        if (_requestDuration.Enabled)
        {
            var tags = new TagList
            {
                { "http.request.method", method },
                { "http.response.status_code", status is >= 100 and < 600 ? BoxedStatusCodes[status - 100] : status },
                { "network.protocol.version", protocolVersion },
            };
            _requestDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        }
    }

    public void BadRequest(string reason)
    {
        if (_badRequests.Enabled)
        {
            _badRequests.Add(1, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public void Dispose()
    {
        // A factory's meters are the factory's to dispose.
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    private static object[] CreateBoxedStatusCodes()
    {
        var boxed = new object[500];
        for (var i = 0; i < boxed.Length; i++)
        {
            boxed[i] = i + 100;
        }

        return boxed;
    }
}