using System.Diagnostics.Metrics;
using System.Net;

namespace Gateway.Routing.Tests.Middleware;

public class SmallMiddlewareTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    [Theory]
    [InlineData("example.com", HttpStatusCode.OK)]
    [InlineData("api.example.com:8443", HttpStatusCode.OK)]
    [InlineData("example.com.evil", HttpStatusCode.BadRequest)]
    [InlineData("other.org", HttpStatusCode.BadRequest)]
    public async Task Trusted_hosts_pass_and_others_are_400(string host, HttpStatusCode expected)
    {
        await using var client = new TestClient(Apps.Text("ok").WithMiddleware(TrustedHostMiddleware.Create("example.com", "*.example.com")));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = host;

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(expected, response.StatusCode);
        Assert.Throws<ArgumentException>(() => TrustedHostMiddleware.Create("exa*mple.com"));
    }

    [Fact]
    public async Task Http_is_redirected_to_https_with_path_and_query()
    {
        await using var client = new TestClient(Apps.Text("ok").WithMiddleware(HttpsRedirectMiddleware.Create()));
        await using var secure = new TestClient(Apps.Text("ok").WithMiddleware(HttpsRedirectMiddleware.Create())) { BaseAddress = new Uri("https://testserver/") };

        using var response = await client.GetAsync("/a%20b?x=1").WaitAsync(Timeout);
        var passed = await secure.GetStringAsync("/").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://testserver/a%20b?x=1", response.Headers.Location?.OriginalString);
        Assert.Equal("ok", passed);
    }

    [Fact]
    public async Task Request_ids_are_generated_or_reused_and_visible_to_the_app()
    {
        GatewayApp app = (scope, receive, send) => new TextResponse((string)scope.State[RequestIdMiddleware.StateKey]!).Invoke(scope, receive, send);
        await using var client = new TestClient(app.WithMiddleware(RequestIdMiddleware.Create()));
        using var withId = new HttpRequestMessage(HttpMethod.Get, "/");
        withId.Headers.Add("x-request-id", "abc-123");

        using var generated = await client.GetAsync("/").WaitAsync(Timeout);
        using var reused = await client.SendAsync(withId).WaitAsync(Timeout);

        var id = generated.Headers.GetValues("x-request-id").Single();
        Assert.Equal(32, id.Length);
        Assert.Equal(id, await generated.Content.ReadAsStringAsync());
        Assert.Equal("abc-123", reused.Headers.GetValues("x-request-id").Single());
    }

    [Fact]
    public async Task Request_durations_are_recorded_with_method_and_status()
    {
        var recorded = new List<(double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RequestTimingMiddleware.MeterName && instrument.Name == RequestTimingMiddleware.InstrumentName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value;
            }

            lock (recorded)
            {
                recorded.Add((value, map));
            }
        });
        listener.Start();
        await using var client = new TestClient(Apps.Text("x", 201).WithMiddleware(RequestTimingMiddleware.Create()));

        using var response = await client.PostAsync("/timed", null).WaitAsync(Timeout);

        lock (recorded)
        {
            var measurement = Assert.Single(recorded, m => (string?)m.Tags["http.request.method"] == "POST" && (int?)m.Tags["http.response.status_code"] == 201);
            Assert.True(measurement.Value >= 0);
        }
    }
}