using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

using Gateway.Routing;

using Prometheus;

namespace Gateway.Samples.Chat.Observability;

/// <summary>
/// <c>GET /metrics</c> in Prometheus' text format (prometheus-net): the HTTP counters, and every instrument of the chat's
/// meter and the Gateway server's (messages stored and delivered, delivery latency, open connections, auth failures,
/// rate-limit hits, dropped connections, the server's connections and requests). Counters become Prometheus counters,
/// up-down counters gauges, histograms histograms; tags become labels.
/// </summary>
/// <remarks>The bridge is a small <see cref="MeterListener"/> rather than prometheus-net's own <c>MeterAdapter</c>:
/// with prometheus-net 8.2.1 the adapter connected to the instruments here but exported no series (seen with this
/// sample's meters; not investigated further).</remarks>
internal sealed class MetricsEndpoint : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Meter _chatMeter;
    private readonly MetricFactory _factory;
    private readonly ConcurrentDictionary<Instrument, object> _metrics = new();

    public MetricsEndpoint(ChatMetrics chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        _chatMeter = chat.Meter;
        Registry = Metrics.NewCustomRegistry();
        _factory = Metrics.WithCustomRegistry(Registry);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _chatMeter) || instrument.Meter.Name is "Gateway.Server")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The registry the HTTP counters are created in too.</summary>
    public CollectorRegistry Registry { get; }

    public async ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        using var body = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(body, scope.Aborted);
        await Results.Bytes(body.ToArray(), "text/plain; version=0.0.4; charset=utf-8").Invoke(scope, receive, send);
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var names = new string[tags.Length];
        var values = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            names[i] = PrometheusName(tags[i].Key);
            values[i] = Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? string.Empty;
        }

        var metric = _metrics.GetOrAdd(instrument, Create, names);
        switch (metric)
        {
            case Counter counter when value >= 0:
                counter.WithLabels(values).Inc(value);
                break;
            case Gauge gauge:
                gauge.WithLabels(values).Inc(value);
                break;
            case Histogram histogram:
                histogram.WithLabels(values).Observe(value);
                break;
        }
    }

    // The label names are those of the first measurement; the chat and the server tag each instrument consistently.
    private object Create(Instrument instrument, string[] labelNames)
    {
        var name = PrometheusName(instrument.Name) + (instrument.Unit is "s" ? "_seconds" : string.Empty);
        var help = instrument.Description ?? instrument.Name;
        var type = instrument.GetType().GetGenericTypeDefinition();
        if (type == typeof(Histogram<>))
        {
            return _factory.CreateHistogram(name, help, new HistogramConfiguration { LabelNames = labelNames, Buckets = Histogram.ExponentialBuckets(0.0005, 2, 14) });
        }

        return type == typeof(Counter<>)
            ? _factory.CreateCounter(name + "_total", help, labelNames)
            : _factory.CreateGauge(name, help, labelNames);
    }

    private static string PrometheusName(string name) => name.Replace('.', '_').Replace('-', '_');
}