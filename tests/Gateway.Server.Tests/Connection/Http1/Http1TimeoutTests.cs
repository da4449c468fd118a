using System.Diagnostics;

using Gateway.Server.Tests.Support;

namespace Gateway.Server.Tests.Connection.Http1;

public class Http1TimeoutTests
{
    [Fact]
    public async Task A_client_that_trickles_its_headers_gets_408_and_is_closed_within_the_timeout()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Text("never"), options => options.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(2));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);
        var watch = Stopwatch.StartNew();

        // Slowloris: one byte every 200 ms, never finishing the head.
        using var stop = new CancellationTokenSource();
        var trickle = Task.Run(async () =>
        {
            try
            {
                foreach (var b in "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"u8.ToArray())
                {
                    await connection.SendAsync([b]);
                    await Task.Delay(200, stop.Token);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or System.Net.Sockets.SocketException)
            {
            }
        });
        var response = await connection.ReadResponseAsync();
        await stop.CancelAsync();
        await trickle;

        Assert.Equal(408, response.Status);
        Assert.True(await connection.IsClosedByServerAsync());
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_connection_that_never_sends_a_request_is_closed_after_the_headers_timeout()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Text("never"), options => options.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(1));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        Assert.True(await connection.IsClosedByServerAsync());
    }

    [Fact]
    public async Task An_idle_keep_alive_connection_is_closed_after_the_keep_alive_timeout_without_a_response()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Text("ok"), options => options.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(1));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("ok", (await connection.ReadResponseAsync()).BodyText);

        Assert.True(await connection.IsClosedByServerAsync());
        Assert.Equal(0, await WaitForConnectionsAsync(server));
    }

    [Fact]
    public async Task A_request_body_slower_than_the_minimum_rate_gets_408_and_the_app_sees_a_disconnect()
    {
        var seen = new TaskCompletionSource<Message>();
        await using var server = await HttpTestServer.StartAsync(
            Apps.Http(async (_, receive, send) =>
            {
                Message message;
                do
                {
                    message = await receive();
                }
                while (message is HttpRequest { MoreBody: true });

                seen.SetResult(message);
            }),
            options => options.Limits.MinRequestBodyDataRate = new MinDataRate(1000, TimeSpan.FromSeconds(1)));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nsome");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(408, response.Status);
        Assert.IsType<HttpDisconnect>(await seen.Task.WaitAsync(Timeouts.Default));
        Assert.True(await connection.IsClosedByServerAsync());
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_by_the_minimum_response_rate()
    {
        var failure = new TaskCompletionSource<Exception>();
        await using var server = await HttpTestServer.StartAsync(
            Apps.Http(async (_, _, send) =>
            {
                await send(new HttpResponseStart(200));
                try
                {
                    var chunk = new byte[256 * 1024];
                    while (true)
                    {
                        await send(new HttpResponseBody(chunk, moreBody: true));
                    }
                }
                catch (Exception exception)
                {
                    failure.SetResult(exception);
                }
            }),
            options => options.Limits.MinResponseDataRate = new MinDataRate(1_000_000, TimeSpan.FromSeconds(1)));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        // Ask and never read: the server's buffers and the kernel's fill, then send waits, then the rate check fires.
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.IsType<ClientDisconnectedException>(await failure.Task.WaitAsync(Timeouts.Default));
        Assert.Equal(0, await WaitForConnectionsAsync(server));
    }

    private static async Task<int> WaitForConnectionsAsync(GatewayServer server)
    {
        for (var i = 0; i < 100 && server.ConnectionCount > 0; i++)
        {
            await Task.Delay(50);
        }

        return server.ConnectionCount;
    }
}