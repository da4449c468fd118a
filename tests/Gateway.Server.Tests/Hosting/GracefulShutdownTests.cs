using Gateway.Server.Tests.Support;

namespace Gateway.Server.Tests.Hosting;

public class GracefulShutdownTests
{
    [Fact]
    public async Task A_request_in_flight_completes_with_connection_close_before_the_server_stops()
    {
        var inFlight = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var server = await HttpTestServer.StartAsync(Apps.Http(async (_, _, send) =>
        {
            inFlight.SetResult();
            await release.Task;
            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody("finished"u8.ToArray()));
        }));
        await using var idle = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);
        await using var busy = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);
        await busy.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        await inFlight.Task.WaitAsync(Timeouts.Default);

        var stopping = server.StopAsync();
        Assert.True(await idle.IsClosedByServerAsync(), "an idle keep-alive connection is closed at once");
        Assert.False(stopping.IsCompleted);
        release.SetResult();
        var response = await busy.ReadResponseAsync();
        await stopping.WaitAsync(Timeouts.Default);

        Assert.Equal("finished", response.BodyText);
        Assert.Equal("close", response.Header("connection"));
        Assert.True(await busy.IsClosedByServerAsync());
        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_request_still_running_at_the_shutdown_timeout_is_aborted_and_the_app_sees_it()
    {
        var inFlight = new TaskCompletionSource();
        var aborted = new TaskCompletionSource();
        var server = await HttpTestServer.StartAsync(
            Apps.Http(async (scope, _, _) =>
            {
                inFlight.SetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, scope.Aborted);
                }
                catch (OperationCanceledException)
                {
                    aborted.SetResult();
                }
            }),
            options => options.ShutdownTimeout = TimeSpan.FromMilliseconds(300));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        await inFlight.Task.WaitAsync(Timeouts.Default);

        await server.StopAsync().WaitAsync(Timeouts.Default);

        await aborted.Task.WaitAsync(Timeouts.Default);
        Assert.Equal(0, server.ConnectionCount);
        await server.DisposeAsync();
    }
}