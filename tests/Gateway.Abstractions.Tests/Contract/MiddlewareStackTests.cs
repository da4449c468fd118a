namespace Gateway.Abstractions.Tests;

public class MiddlewareStackTests
{
    private static Middleware Tag(string name, List<string> log) => next => async (scope, receive, send) =>
    {
        log.Add($"{name}>");
        await next(scope, receive, send);
        log.Add($"<{name}");
    };

    [Fact]
    public async Task The_first_middleware_is_the_outermost()
    {
        var log = new List<string>();
        GatewayApp app = (_, _, _) =>
        {
            log.Add("app");
            return ValueTask.CompletedTask;
        };

        var composed = app.WithMiddleware(Tag("a", log), Tag("b", log));
        await composed(new Scope { Type = ScopeType.Http }, _ => default, (_, _) => default);

        Assert.Equal(["a>", "b>", "app", "<b", "<a"], log);
    }

    [Fact]
    public void No_middleware_returns_the_app_itself()
    {
        GatewayApp app = (_, _, _) => default;

        Assert.Same(app, MiddlewareStack.Build(app));
    }

    [Fact]
    public void Null_middleware_or_null_results_are_reported_with_their_position()
    {
        GatewayApp app = (_, _, _) => default;

        Assert.Contains("index 1", Assert.Throws<ArgumentException>(() => MiddlewareStack.Build(app, next => next, null!)).Message);
        Assert.Contains("index 0", Assert.Throws<InvalidOperationException>(() => MiddlewareStack.Build(app, _ => null!)).Message);
    }
}