using System.Net;
using System.Net.Sockets;
using System.Text;

using Gateway.ServerKit;
using Gateway.Server.Tests.Support;

using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Server.Tests.Hosting;

public class GatewayServerLifecycleTests
{
    private static GatewayApp LifespanApp(List<string> log, string? failStartup = null) => async (scope, receive, send) =>
    {
        if (scope.Type != ScopeType.Lifespan)
        {
            return;
        }

        await receive();
        if (failStartup is not null)
        {
            await send(new LifespanStartupFailed(failStartup));
            return;
        }

        scope.State["pool"] = "db-pool";
        lock (log)
        {
            log.Add("startup");
        }

        await send(LifespanStartupComplete.Instance);
        await receive();
        lock (log)
        {
            log.Add("shutdown");
        }

        await send(LifespanShutdownComplete.Instance);
    };

    private static async Task<Socket> ConnectAsync(GatewayServer server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.TcpEndPoint()).WaitAsync(Timeouts.Default);
        return socket;
    }

    private static async Task<string> ReadToEndAsync(Socket socket)
    {
        using var received = new MemoryStream();
        var buffer = new byte[1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(Timeouts.Default)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    [Fact]
    public async Task Lifespan_startup_runs_before_accepting_and_its_state_reaches_connections()
    {
        var log = new List<string>();
        await using var server = await TestServer.StartAsync(EchoProtocol.Factory, app: LifespanApp(log));

        Assert.Equal(["startup"], log);
        Assert.Equal("db-pool", server.Context.LifespanState["pool"]);
        await server.StopAsync();
        Assert.Equal(["startup", "shutdown"], log);
    }

    [Fact]
    public async Task A_failed_startup_stops_the_server_before_it_binds()
    {
        var exception = await Assert.ThrowsAsync<LifespanFailedException>(() =>
            TestServer.StartAsync(EchoProtocol.Factory, app: LifespanApp([], failStartup: "database unreachable")));

        Assert.Equal("database unreachable", exception.Message);
    }

    [Fact]
    public async Task Apps_without_lifespan_support_are_tolerated_unless_lifespan_is_required()
    {
        GatewayApp httpOnly = (scope, _, _) => scope.Type == ScopeType.Http ? ValueTask.CompletedTask : throw new NotSupportedException("http only");

        await using (var tolerant = await TestServer.StartAsync(EchoProtocol.Factory, app: httpOnly))
        {
            Assert.NotEmpty(tolerant.EndPoints);
        }

        await Assert.ThrowsAsync<LifespanFailedException>(() => TestServer.StartAsync(EchoProtocol.Factory, options => options.Lifespan = LifespanMode.On, app: httpOnly));
    }

    [Fact]
    public async Task Lifespan_off_never_calls_the_app_with_a_lifespan_scope()
    {
        var calls = 0;
        await using var server = await TestServer.StartAsync(EchoProtocol.Factory, options => options.Lifespan = LifespanMode.Off, app: (_, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Stopping_closes_idle_connections_and_waits_for_busy_ones_before_lifespan_shutdown()
    {
        var log = new List<string>();
        var release = new TaskCompletionSource();
        ScriptedProtocol? busy = null;
        var first = true;
        await using var server = await TestServer.StartAsync(
            (_, transport, _) =>
            {
                if (!first)
                {
                    return new EchoProtocol(transport);
                }

                first = false;
                busy = new ScriptedProtocol(transport, async t =>
                {
                    await release.Task;
                    lock (log)
                    {
                        log.Add("busy finished");
                    }

                    await t.Transport.Output.WriteAsync("done"u8.ToArray());
                });
                return busy;
            },
            app: LifespanApp(log));
        using var busyClient = await ConnectAsync(server);
        while (busy is null)
        {
            await Task.Yield();
        }

        using var idleClient = await ConnectAsync(server);
        await idleClient.SendAsync("x"u8.ToArray());
        var echoed = new byte[1];
        await idleClient.ReceiveAsync(echoed.AsMemory()).AsTask().WaitAsync(Timeouts.Default);

        var stopping = server.StopAsync();
        await busy.CloseRequested.Task.WaitAsync(Timeouts.Default);
        Assert.Equal(string.Empty, await ReadToEndAsync(idleClient));
        Assert.False(stopping.IsCompleted, "the busy connection is still in flight");
        release.SetResult();
        await stopping.WaitAsync(Timeouts.Default);

        Assert.Equal("done", await ReadToEndAsync(busyClient));
        Assert.Equal(["startup", "busy finished", "shutdown"], log);
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task Connections_still_busy_at_the_shutdown_timeout_are_aborted()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(
            (_, transport, _) => new ScriptedProtocol(transport, async t =>
            {
                running.SetResult();
                var result = await t.Transport.Input.ReadAsync();
                t.Transport.Input.AdvanceTo(result.Buffer.End);
                await Task.Delay(Timeout.Infinite, t.ConnectionClosed).ContinueWith(_ => aborted.TrySetResult(), TaskScheduler.Default);
            }),
            options => options.ShutdownTimeout = TimeSpan.FromMilliseconds(200));
        using var client = await ConnectAsync(server);
        await running.Task.WaitAsync(Timeouts.Default);

        await server.StopAsync().WaitAsync(Timeouts.Default);

        await aborted.Task.WaitAsync(Timeouts.Default);
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task Stopping_with_an_idle_keep_alive_client_waits_neither_for_its_close_nor_for_a_heartbeat()
    {
        // Every wait stretched far past the bound: a stop that lingered for the idle client's FIN, or slept until the
        // next heartbeat, would miss it (with the defaults those waits cost a second each, Ctrl+C took about 2 s).
        var wait = TimeSpan.FromMinutes(2);
        var options = new GatewayServerOptions { ShutdownTimeout = wait }.ListenLocalhost(0);
        var server = new GatewayServer(Apps.Echo, options, loggerFactory: null, services: null, Gateway.Server.Connection.Http1.Http1Connection.Create,
            (o, _) => GatewayServer.BindSockets(o, new Gateway.Server.Transport.TransportOptions { LingerTimeout = wait }))
        {
            HeartbeatInterval = wait,
        };
        await using var _ = server;
        await server.StartAsync();
        await using var client = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);
        await client.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await client.ReadResponseAsync()).Status);

        await server.StopAsync().WaitAsync(Timeouts.Default);

        Assert.True(await client.IsClosedByServerAsync());
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task Connections_over_the_limit_get_503_and_are_closed()
    {
        await using var server = await TestServer.StartAsync(EchoProtocol.Factory, options => options.Limits.MaxConcurrentConnections = 1);
        using var first = await ConnectAsync(server);
        await first.SendAsync("a"u8.ToArray());
        var echoed = new byte[1];
        await first.ReceiveAsync(echoed.AsMemory()).AsTask().WaitAsync(Timeouts.Default);

        using var second = await ConnectAsync(server);
        var response = await ReadToEndAsync(second);

        Assert.StartsWith("HTTP/1.1 503 Service Unavailable\r\n", response, StringComparison.Ordinal);
        Assert.Contains("connection: close", response, StringComparison.Ordinal);
        Assert.Contains("\r\ndate: ", response, StringComparison.Ordinal);
        Assert.Contains("content-length: 40\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nThe server's connection limit is reached", response, StringComparison.Ordinal);
        first.Dispose();
    }

    [Fact]
    public async Task A_server_starts_once()
    {
        await using var server = await TestServer.StartAsync(EchoProtocol.Factory);

        await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync());
    }

    [Fact]
    public async Task Invalid_options_are_rejected_when_starting()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => TestServer.StartAsync(EchoProtocol.Factory, options => options.RootPath = "api/"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => TestServer.StartAsync(EchoProtocol.Factory, options => options.Limits.MaxRequestHeaderCount = 0));
    }

    [Fact]
    public async Task The_dependency_injection_extension_builds_the_server_from_the_container()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new Marker());
        services.AddGatewayServer(provider => (scope, _, _) => ValueTask.CompletedTask, options => options.ListenLocalhost(0));
        await using var provider = services.BuildServiceProvider();

        await using var server = provider.GetRequiredService<GatewayServer>();

        Assert.Same(server, provider.GetRequiredService<GatewayServer>());
        Assert.Empty(server.EndPoints);
        Assert.Same(provider.GetRequiredService<Marker>(), server.Context.Services!.GetRequiredService<Marker>());
    }

    private sealed class Marker;
}