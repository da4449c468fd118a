using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

using Gateway.Server.Tests.Support;

using Microsoft.Extensions.Logging;

namespace Gateway.Server.Tests.Hosting;

public class ObservabilityTests
{
    [Fact]
    public async Task Metrics_count_connections_requests_durations_and_bad_requests()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        await using var server = await HttpTestServer.StartAsync(Apps.Text("ok", 201));
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, server.Context.Metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, ToDictionary(tags))));
        listener.Start();

        await using (var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]))
        {
            await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            await connection.ReadResponseAsync();
            await connection.SendAsync("GET / HTTP/1.1\r\n\r\n");
            Assert.Equal(400, (await connection.ReadResponseAsync()).Status);
        }

        for (var i = 0; i < 100 && !measurements.Any(m => m.Instrument == "gateway.server.active_connections" && m.Value < 0); i++)
        {
            await Task.Delay(20);
        }

        var duration = Assert.Single(measurements, m => m.Instrument == "http.server.request.duration");
        Assert.Equal(201, duration.Tags["http.response.status_code"]);
        Assert.Equal("GET", duration.Tags["http.request.method"]);
        Assert.Equal("1.1", duration.Tags["network.protocol.version"]);
        Assert.InRange(duration.Value, 0, 10);
        Assert.Contains(measurements, m => m.Instrument == "gateway.server.bad_requests" && (string?)m.Tags["reason"] == "MissingHost");
        Assert.Equal(1, measurements.Where(m => m.Instrument == "gateway.server.connections").Sum(m => m.Value));
        Assert.Equal(0, measurements.Where(m => m.Instrument == "gateway.server.active_connections").Sum(m => m.Value));
    }

    [Fact]
    public async Task The_access_log_writes_one_line_per_request_when_enabled()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await HttpTestServer.StartAsync(Apps.Text("hello"), options => options.AccessLog = true, logs.CreateFactory());
        using var client = server.CreateClient();

        await client.GetAsync("/page?x=1");

        Assert.True(await Eventually.HoldsAsync(() => logs.Entries.Any(e => e.Category == "Gateway.Server.AccessLog")));
        var line = Assert.Single(logs.Entries, e => e.Category == "Gateway.Server.AccessLog");
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Matches(@"^127\.0\.0\.1:\d+ - ""GET /page\?x=1 HTTP/1\.1"" 200 5 \d+\.\dms$", line.Message);
    }

    [Fact]
    public async Task The_access_log_is_silent_by_default()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await HttpTestServer.StartAsync(Apps.Text("hello"), loggerFactory: logs.CreateFactory());
        using var client = server.CreateClient();

        await client.GetAsync("/");

        Assert.DoesNotContain(logs.Entries, e => e.Category == "Gateway.Server.AccessLog");
        Assert.Contains(logs.Entries, e => e.Message.StartsWith("Gateway server listening on http://127.0.0.1:", StringComparison.Ordinal));
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dictionary = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            dictionary[tag.Key] = tag.Value;
        }

        return dictionary;
    }
}