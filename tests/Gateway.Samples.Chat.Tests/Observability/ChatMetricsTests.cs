using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;

using Gateway.Samples.Chat.Auth;
using Gateway.Samples.Chat.Observability;
using Gateway.Samples.Chat.Realtime;
using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.Observability;

public sealed class ChatMetricsTests : IDisposable
{
    private readonly ChatMetrics _metrics = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Name, double Value, string? Tag)> _measurements = new();

    public ChatMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _metrics.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    [Fact]
    public async Task The_hub_and_auth_record_stores_deliveries_latency_connections_failures_and_limits()
    {
        var clock = new ManualClock();
        await using var fixture = await SqliteStoreFixture.CreateAsync(clock);
        var alice = await fixture.UserAsync("alice");
        var room = await fixture.Store.Rooms.CreatePublicAsync("r", alice.Id, clock.GetUtcNow());
        await using (var hub = new ChatHub(fixture.Store, new InProcessBackplane(), new RealtimeOptions { SendLimit = 1 }, clock, _metrics))
        {
            var sink = new RecordingSink();
            var connection = hub.Connect(alice.Id, "alice", sink);
            await hub.SubscribeAsync(connection, room.Id, 0);
            await hub.SendAsync(connection, room.Id, "c1", "hello");
            await hub.SendAsync(connection, room.Id, "c2", "over the budget");
            await sink.WaitForAsync(f => f.Any(x => x.GetProperty("type").GetString() == "message"));
            await WaitForAsync("chat.messages.delivery_latency");
            await hub.DisconnectAsync(connection);
        }

        using var limiter = new LoginRateLimiter();
        var auth = new AuthService(fixture.Store, new PasswordHasher(), new AccessTokenService(RandomNumberGenerator.GetBytes(32), clock), limiter, clock, _metrics);
        await auth.LoginAsync("nobody", "password", "a", "ua");
        await auth.RefreshAsync("unknown");
        await auth.ValidateAccessTokenAsync("not a jwt");

        var all = _measurements.ToArray();
        Assert.Equal(1, Sum(all, "chat.messages.stored"));
        Assert.Equal(1, Sum(all, "chat.messages.delivered"));
        Assert.Single(all, m => m.Name == "chat.messages.delivery_latency" && m.Value >= 0);
        Assert.Equal([1.0, -1.0], all.Where(m => m.Name == "chat.connections.open").Select(m => m.Value));
        Assert.Equal(["send"], all.Where(m => m.Name == "chat.rate_limit.hits").Select(m => m.Tag));
        Assert.Equal(["invalid_credentials", "refresh_invalid", "access_token_invalid"], all.Where(m => m.Name == "chat.auth.failures").Select(m => m.Tag));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
    }

    private static double Sum((string Name, double Value, string? Tag)[] all, string name) => all.Where(m => m.Name == name).Sum(m => m.Value);

    private async Task WaitForAsync(string name)
    {
        for (var i = 0; i < 500 && !_measurements.Any(m => m.Name == name); i++)
        {
            await Task.Delay(10);
        }
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var tag = tags.Length > 0 ? tags[0].Value as string : null;
        _measurements.Enqueue((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), tag));
    }
}