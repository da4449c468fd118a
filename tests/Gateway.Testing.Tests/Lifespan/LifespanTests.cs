using Gateway.ServerKit;

namespace Gateway.Testing.Tests;

public class LifespanTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    [Fact]
    public async Task Startup_state_is_copied_into_every_request()
    {
        var seen = new List<(object? Pool, bool SawOtherRequest)>();
        var lifecycle = new Lifecycle();
        GatewayApp app = async (scope, receive, send) =>
        {
            if (scope.Type == ScopeType.Lifespan)
            {
                await lifecycle.RunAsync(scope, receive, send, state => state["pool"] = "connections");
                return;
            }

            seen.Add((scope.State["pool"], scope.State.ContainsKey("request")));
            scope.State["request"] = true;
            await send(new HttpResponseStart(204));
            await send(HttpResponseBody.Empty);
        };
        await using var client = new TestClient(app);

        await client.StartAsync().WaitAsync(Timeout);
        (await client.GetAsync("/").WaitAsync(Timeout)).Dispose();
        (await client.GetAsync("/").WaitAsync(Timeout)).Dispose();

        // Each request gets its own shallow copy: what one request stores, the next does not see.
        Assert.Equal([("connections", false), ("connections", false)], seen);
        Assert.Equal(["lifespan.startup"], lifecycle.Received);
    }

    [Fact]
    public async Task Startup_state_reaches_websocket_scopes()
    {
        var pool = new TaskCompletionSource<object?>();
        var lifecycle = new Lifecycle();
        GatewayApp app = async (scope, receive, send) =>
        {
            if (scope.Type == ScopeType.Lifespan)
            {
                await lifecycle.RunAsync(scope, receive, send, state => state["pool"] = 42);
                return;
            }

            pool.SetResult(scope.State["pool"]);
            await receive();
            await send(new WebSocketClose());
        };
        await using var client = new TestClient(app);

        await client.StartAsync().WaitAsync(Timeout);
        await Assert.ThrowsAsync<WebSocketDeniedException>(() => client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout));

        Assert.Equal(42, await pool.Task);
    }

    [Fact]
    public async Task Shutdown_runs_once_on_dispose()
    {
        var lifecycle = new Lifecycle();
        GatewayApp app = (scope, receive, send) => lifecycle.RunAsync(scope, receive, send);
        var client = new TestClient(app);
        await client.StartAsync().WaitAsync(Timeout);

        await client.DisposeAsync().AsTask().WaitAsync(Timeout);
        await client.DisposeAsync().AsTask().WaitAsync(Timeout);
        client.Dispose();

        Assert.Equal(["lifespan.startup", "lifespan.shutdown"], lifecycle.Received);
    }

    [Fact]
    public async Task Synchronous_dispose_runs_shutdown_too()
    {
        var lifecycle = new Lifecycle();
        GatewayApp app = (scope, receive, send) => lifecycle.RunAsync(scope, receive, send);
        var client = new TestClient(app);
        await client.StartAsync().WaitAsync(Timeout);

        client.Dispose();

        Assert.Equal(["lifespan.startup", "lifespan.shutdown"], lifecycle.Received);
    }

    [Fact]
    public async Task Startup_failure_is_thrown_with_the_apps_message()
    {
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(new LifespanStartupFailed("database unreachable"));
        };
        await using var client = new TestClient(app);

        var failure = await Assert.ThrowsAsync<LifespanFailedException>(() => client.StartAsync().WaitAsync(Timeout));

        Assert.Equal("database unreachable", failure.Message);
    }

    [Fact]
    public async Task Shutdown_failure_is_thrown_from_dispose()
    {
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(LifespanStartupComplete.Instance);
            await receive();
            await send(new LifespanShutdownFailed("could not flush"));
        };
        var client = new TestClient(app);
        await client.StartAsync().WaitAsync(Timeout);

        var failure = await Assert.ThrowsAsync<LifespanFailedException>(() => client.DisposeAsync().AsTask().WaitAsync(Timeout));

        Assert.Equal("could not flush", failure.Message);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetAsync("/"));
    }

    [Fact]
    public async Task An_app_without_lifespan_support_still_serves_requests()
    {
        var scopes = new List<ScopeType>();
        GatewayApp app = async (scope, _, send) =>
        {
            scopes.Add(scope.Type);
            if (scope.Type != ScopeType.Http)
            {
                throw new NotSupportedException("only http");
            }

            await send(new HttpResponseStart(204));
            await send(HttpResponseBody.Empty);
        };
        var client = new TestClient(app);

        await client.StartAsync().WaitAsync(Timeout);
        using var response = await client.GetAsync("/").WaitAsync(Timeout);
        await client.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal([ScopeType.Lifespan, ScopeType.Http], scopes);
    }

    [Fact]
    public async Task Without_start_there_is_no_lifespan_and_no_state()
    {
        var scopes = new List<ScopeType>();
        var state = new TaskCompletionSource<int>();
        GatewayApp app = async (scope, _, send) =>
        {
            scopes.Add(scope.Type);
            state.SetResult(scope.State.Count);
            await send(new HttpResponseStart(204));
            await send(HttpResponseBody.Empty);
        };
        var client = new TestClient(app);

        using var response = await client.GetAsync("/").WaitAsync(Timeout);
        await client.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal([ScopeType.Http], scopes);
        Assert.Equal(0, await state.Task);
    }

    [Fact]
    public async Task Starting_twice_is_an_error()
    {
        var lifecycle = new Lifecycle();
        await using var client = new TestClient((scope, receive, send) => lifecycle.RunAsync(scope, receive, send));
        await client.StartAsync().WaitAsync(Timeout);

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.StartAsync().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Lifespan_scope_carries_the_services()
    {
        var services = new TaskCompletionSource<IServiceProvider?>();
        var provider = new EmptyServices();
        GatewayApp app = async (scope, receive, send) =>
        {
            services.SetResult(scope.Services);
            await receive();
            await send(LifespanStartupComplete.Instance);
            await receive();
            await send(LifespanShutdownComplete.Instance);
        };
        await using var client = new TestClient(app, new TestClientOptions { Services = provider });

        await client.StartAsync().WaitAsync(Timeout);

        Assert.Same(provider, await services.Task);
    }

    /// <summary>A lifespan handler that records what it receives and answers both events.</summary>
    private sealed class Lifecycle
    {
        public List<string> Received { get; } = [];

        public async ValueTask RunAsync(Scope scope, Receive receive, Send send, Action<ScopeState>? startup = null)
        {
            while (true)
            {
                var message = await receive();
                lock (Received)
                {
                    Received.Add(message.Name);
                }

                if (message is LifespanStartup)
                {
                    startup?.Invoke(scope.State);
                    await send(LifespanStartupComplete.Instance);
                }
                else
                {
                    await send(LifespanShutdownComplete.Instance);
                    return;
                }
            }
        }
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}