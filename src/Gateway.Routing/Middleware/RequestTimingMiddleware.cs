using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gateway.Routing;

/// <summary>
/// Records how long each HTTP request takes, into the <c>http.server.request.duration</c> histogram (seconds) of the
/// <see cref="Meter"/> named <c>Gateway.Routing</c>, tagged with <c>http.request.method</c> and
/// <c>http.response.status_code</c> (OpenTelemetry's semantic conventions). The clock stops when the app returns.
/// </summary>
public sealed class RequestTimingMiddleware
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Gateway.Routing";

    /// <summary>The histogram's name.</summary>
    public const string InstrumentName = "http.server.request.duration";

    private static readonly Meter SharedMeter = new(MeterName);
    private static readonly Histogram<double> SharedDuration = CreateHistogram(SharedMeter);

    private readonly GatewayApp _next;
    private readonly Histogram<double> _duration;

    /// <summary>Creates the middleware.</summary>
    /// <param name="next">The wrapped app.</param>
    /// <param name="meterFactory">Creates the meter (for dependency-injected, testable meters), or null for a shared one.</param>
    public RequestTimingMiddleware(GatewayApp next, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(next);
        _next = next;
        _duration = meterFactory is null ? SharedDuration : CreateHistogram(meterFactory.Create(MeterName));
    }

    /// <summary>The middleware as a <see cref="Middleware"/>.</summary>
    /// <param name="meterFactory">Creates the meter, or null.</param>
    /// <returns>The middleware.</returns>
    public static Middleware Create(IMeterFactory? meterFactory = null) => next => new RequestTimingMiddleware(next, meterFactory).Invoke;

    /// <summary>Times the wrapped app.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="receive">The receive delegate.</param>
    /// <param name="send">The send delegate.</param>
    /// <returns>A task that completes with the response.</returns>
    public async ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Type != ScopeType.Http || !_duration.Enabled)
        {
            await _next(scope, receive, send).ConfigureAwait(false);
            return;
        }

        var status = 500;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _next(scope, receive, (message, cancellationToken) =>
            {
                if (message is HttpResponseStart start)
                {
                    status = start.Status;
                }

                return send(message, cancellationToken);
            }).ConfigureAwait(false);
        }
        finally
        {
            _duration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("http.request.method", scope.Method),
                new KeyValuePair<string, object?>("http.response.status_code", status));
        }
    }

    private static Histogram<double> CreateHistogram(Meter meter) =>
        meter.CreateHistogram<double>(InstrumentName, "s", "Duration of HTTP server requests.");
}