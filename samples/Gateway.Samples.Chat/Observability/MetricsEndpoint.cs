using Gateway.Routing;

using Prometheus;

namespace Gateway.Samples.Chat.Observability;

/// <summary>
/// <c>GET /metrics</c> in Prometheus' text format: the HTTP counters, and every instrument of the chat's and the
/// Gateway packages' <c>System.Diagnostics.Metrics</c> meters (messages stored and delivered, delivery latency,
/// connections, auth failures, rate-limit hits, the server's own), exported by prometheus-net's meter adapter.
/// </summary>
internal sealed class MetricsEndpoint : IDisposable
{
    private readonly IDisposable _adapter;

    public MetricsEndpoint(ChatMetrics chat)
    {
        Registry = Metrics.NewCustomRegistry();
        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            InstrumentFilterPredicate = instrument => ReferenceEquals(instrument.Meter, chat.Meter) || instrument.Meter.Name is "Gateway.Server" or "Gateway.Routing",
        });
    }

    /// <summary>The registry the HTTP counters are created in.</summary>
    public CollectorRegistry Registry { get; }

    public async ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        using var body = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(body, scope.Aborted);
        await Results.Bytes(body.ToArray(), "text/plain; version=0.0.4; charset=utf-8").Invoke(scope, receive, send);
    }

    public void Dispose() => _adapter.Dispose();
}
