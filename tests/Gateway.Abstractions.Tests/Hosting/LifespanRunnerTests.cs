using Gateway.ServerKit;

namespace Gateway.Abstractions.Tests;

public class LifespanRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Startup_and_shutdown_complete_and_state_reaches_the_server()
    {
        var log = new List<string>();
        GatewayApp app = async (scope, receive, send) =>
        {
            Assert.Equal(ScopeType.Lifespan, scope.Type);
            while (true)
            {
                var message = await receive();
                log.Add(message.Name);
                if (message is LifespanStartup)
                {
                    scope.State["pool"] = "connections";
                    await send(LifespanStartupComplete.Instance);
                }
                else
                {
                    await send(LifespanShutdownComplete.Instance);
                    return;
                }
            }
        };
        var runner = new LifespanRunner(app);

        await runner.StartAsync().WaitAsync(Timeout);
        Assert.True(runner.IsSupported);
        Assert.Equal("connections", runner.State["pool"]);
        await runner.StopAsync().WaitAsync(Timeout);

        Assert.Equal(["lifespan.startup", "lifespan.shutdown"], log);
    }

    [Fact]
    public async Task Startup_failed_is_reported_with_the_apps_message()
    {
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(new LifespanStartupFailed("database unreachable"));
        };
        var runner = new LifespanRunner(app);

        var failure = await Assert.ThrowsAsync<LifespanFailedException>(() => runner.StartAsync().WaitAsync(Timeout));

        Assert.Equal("database unreachable", failure.Message);
        await runner.StopAsync().WaitAsync(Timeout);
    }

    [Fact]
    public async Task An_app_that_returns_without_receiving_does_not_support_lifespan()
    {
        var runner = new LifespanRunner((_, _, _) => ValueTask.CompletedTask);

        await runner.StartAsync().WaitAsync(Timeout);
        await runner.StopAsync().WaitAsync(Timeout);

        Assert.False(runner.IsSupported);
        Assert.Null(runner.UnsupportedReason);
    }

    [Fact]
    public async Task An_app_that_throws_without_receiving_does_not_support_lifespan()
    {
        var runner = new LifespanRunner((scope, _, _) => throw new NotSupportedException($"only http, not {scope.Type}"));

        await runner.StartAsync().WaitAsync(Timeout);

        Assert.False(runner.IsSupported);
        Assert.IsType<NotSupportedException>(runner.UnsupportedReason);
    }

    [Fact]
    public async Task An_app_that_crashes_after_receiving_startup_has_failed_startup()
    {
        GatewayApp app = async (_, receive, _) =>
        {
            await receive();
            throw new InvalidOperationException("config missing");
        };
        var runner = new LifespanRunner(app);

        var failure = await Assert.ThrowsAsync<LifespanFailedException>(() => runner.StartAsync().WaitAsync(Timeout));

        Assert.Contains("config missing", failure.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(failure.InnerException);
    }

    [Fact]
    public async Task An_app_that_returns_after_receiving_startup_without_answering_has_failed()
    {
        GatewayApp app = async (_, receive, _) => await receive();

        var failure = await Assert.ThrowsAsync<LifespanFailedException>(() => new LifespanRunner(app).StartAsync().WaitAsync(Timeout));

        Assert.Contains("without answering 'lifespan.startup'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_failed_is_reported_with_the_apps_message()
    {
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(LifespanStartupComplete.Instance);
            await receive();
            await send(new LifespanShutdownFailed("flush failed"));
        };
        var runner = new LifespanRunner(app);
        await runner.StartAsync().WaitAsync(Timeout);

        var failure = await Assert.ThrowsAsync<LifespanFailedException>(() => runner.StopAsync().WaitAsync(Timeout));

        Assert.Equal("flush failed", failure.Message);
    }

    [Fact]
    public async Task An_app_that_crashes_during_shutdown_has_failed_shutdown()
    {
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(LifespanStartupComplete.Instance);
            await receive();
            throw new IOException("disk gone");
        };
        var runner = new LifespanRunner(app);
        await runner.StartAsync().WaitAsync(Timeout);

        var failure = await Assert.ThrowsAsync<LifespanFailedException>(() => runner.StopAsync().WaitAsync(Timeout));

        Assert.IsType<IOException>(failure.InnerException);
    }

    [Fact]
    public async Task Messages_out_of_order_are_rejected_in_the_app()
    {
        var errors = new List<string>();
        GatewayApp app = async (_, receive, send) =>
        {
            errors.Add(await Record(() => send(LifespanStartupComplete.Instance)));
            await receive();
            errors.Add(await Record(() => send(LifespanShutdownComplete.Instance)));
            errors.Add(await Record(() => send(new HttpResponseStart(200))));
            await send(LifespanStartupComplete.Instance);
            errors.Add(await Record(() => send(LifespanStartupComplete.Instance)));
            await receive();
            await send(LifespanShutdownComplete.Instance);
            errors.Add(await Record(async () => await receive()));
        };
        var runner = new LifespanRunner(app);

        await runner.StartAsync().WaitAsync(Timeout);
        await runner.StopAsync().WaitAsync(Timeout);

        Assert.Collection(
            errors,
            e => Assert.Contains("after receiving it", e, StringComparison.Ordinal),
            e => Assert.Contains("'lifespan.shutdown'", e, StringComparison.Ordinal),
            e => Assert.Contains("not a message an app can send in a lifespan scope", e, StringComparison.Ordinal),
            e => Assert.Contains("only one answer", e, StringComparison.Ordinal),
            e => Assert.Contains("No lifespan event follows", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Starting_twice_is_an_error()
    {
        var runner = new LifespanRunner((_, _, _) => ValueTask.CompletedTask);
        await runner.StartAsync().WaitAsync(Timeout);

        await Assert.ThrowsAsync<InvalidOperationException>(() => runner.StartAsync());
    }

    private static async Task<string> Record(Func<ValueTask> action)
    {
        try
        {
            await action();
            return "no error";
        }
        catch (InvalidOperationException exception)
        {
            return exception.Message;
        }
    }
}