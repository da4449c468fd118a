using System.Diagnostics;

using Gateway.Routing;

using Prometheus;

namespace Gateway.Samples.Chat.Observability;

/// <summary>
/// HTTP request counts and durations by route template, method and status, in the app's Prometheus registry. The
/// router-wide middleware (<see cref="Measure"/>) times every request and reads the status from the response start; a
/// route's own middleware (<see cref="Label"/>) names the template, so <c>/api/rooms/7/join</c> is counted as
/// <c>/api/rooms/{id:long}/join</c> and label cardinality stays bounded. The web app's files (and every path nothing
/// else matches, which its mount at <c>/</c> answers with 404) count as <c>/{*file}</c>; a request no route took at all
/// as <c>unmatched</c>.
/// </summary>
internal sealed class HttpMetrics
{
    private const string RouteKey = "chat.route";
    private readonly Counter _requests;
    private readonly Histogram _duration;

    public HttpMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _requests = factory.CreateCounter("chat_http_requests_total", "HTTP requests by route template, method and status.", "route", "method", "status");
        _duration = factory.CreateHistogram("chat_http_request_duration_seconds", "HTTP request duration by route template.",
            new HistogramConfiguration { LabelNames = ["route", "method"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 14) });
    }

    /// <summary>The router-wide middleware.</summary>
    public Middleware Measure => next => async (scope, receive, send) =>
    {
        if (scope.Type != ScopeType.Http)
        {
            await next(scope, receive, send);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var status = 500;
        Send observing = (message, cancellationToken) =>
        {
            if (message is HttpResponseStart start)
            {
                status = start.Status;
            }

            return send(message, cancellationToken);
        };
        try
        {
            await next(scope, receive, observing);
        }
        finally
        {
            var route = scope.State.TryGet<string>(RouteKey, out var template) ? template : "unmatched";
            _requests.WithLabels(route, scope.Method, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
            _duration.WithLabels(route, scope.Method).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    };

    /// <summary>A route's middleware that names its template for the counters.</summary>
    public static Middleware Label(string template) => next => (scope, receive, send) =>
    {
        scope.State[RouteKey] = template;
        return next(scope, receive, send);
    };
}