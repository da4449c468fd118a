using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.Hosting.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task The_servers_meter_comes_from_the_hosts_IMeterFactory()
    {
        using var test = new TestHost(settings: new Dictionary<string, string?> { ["Gateway:Server:Listen"] = "http://127.0.0.1:0" });
        test.Builder.Services.AddGateway(TestHost.Text("measured"));
        using var host = test.Builder.Build();
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var durations = new ConcurrentQueue<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Gateway.Server" && ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == "http.server.request.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => durations.Enqueue(value));
        listener.Start();

        await host.StartAsync().WaitAsync(TestHost.Timeout);
        using var client = new HttpClient { BaseAddress = new Uri(host.Services.GetRequiredService<GatewayHostedService>().Urls[0]) };
        Assert.Equal("measured", await client.GetStringAsync("/"));
        await host.StopAsync().WaitAsync(TestHost.Timeout);

        Assert.NotEmpty(durations);
    }
}