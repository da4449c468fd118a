namespace Gateway.Routing.Tests.Matching;

public class RouteTreeTests
{
    private static bool CompletedSynchronously(ValueTask task) => task.IsCompletedSuccessfully;

    private static Router BigRouter()
    {
        var router = new Router();
        GatewayApp noOp = (_, _, _) => ValueTask.CompletedTask;
        for (var i = 0; i < 200; i++)
        {
            router.MapGet($"/api/resource{i}", noOp);
            router.MapGet($"/api/resource{i}/{{id:int}}", noOp);
            router.MapPost($"/api/resource{i}/{{id}}/items/{{item:guid}}", noOp);
        }

        router.MapGet("/user/repos", noOp).WithName("literal");
        router.Build();
        return router;
    }

    [Fact]
    public void A_literal_match_allocates_nothing()
    {
        var router = BigRouter();
        var scope = new Scope { Type = ScopeType.Http, Path = "/user/repos" };
        router.Find(scope, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var route = router.Find(scope, out var child);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("literal", route?.Name);
        Assert.Same(scope, child);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_literal_dispatch_allocates_nothing()
    {
        var router = BigRouter();
        var scope = new Scope { Type = ScopeType.Http, Path = "/user/repos" };
        Receive receive = _ => ValueTask.FromResult<Message>(HttpDisconnect.Instance);
        Send send = (_, _) => ValueTask.CompletedTask;
        Assert.True(CompletedSynchronously(router.Invoke(scope, receive, send)));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var completed = CompletedSynchronously(router.Invoke(scope, receive, send));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(completed);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("/api/resource7/12", "GET", "/api/resource7/{id:int}")]
    [InlineData("/api/resource199/x/items/6f9619ff-8b86-d011-b42d-00cf4fc964ff", "POST", "/api/resource199/{id}/items/{item:guid}")]
    [InlineData("/api/resource7/x", "GET", null)]
    [InlineData("/api/resource7/x/items/nope", "POST", null)]
    public void Large_tables_still_pick_the_right_route(string path, string method, string? expected)
    {
        var router = BigRouter();

        var route = router.Find(new Scope { Type = ScopeType.Http, Path = path, Method = method }, out _);

        Assert.Equal(expected, route?.Template.Text);
    }

    [Fact]
    public async Task Backtracking_leaves_a_literal_branch_that_dead_ends_for_a_parameter_branch()
    {
        var router = new Router();
        router.MapGet("/a/b/c", Apps.Text("literal"));
        router.MapGet("/a/{x}/d", Apps.Text("param"));
        router.MapGet("/{*rest}", Apps.Text("rest"));
        await using var client = new TestClient(router);

        Assert.Equal("param", await client.GetStringAsync("/a/b/d").WaitAsync(Apps.Timeout));
        Assert.Equal("literal", await client.GetStringAsync("/a/b/c").WaitAsync(Apps.Timeout));
        Assert.Equal("rest", await client.GetStringAsync("/a/b/e").WaitAsync(Apps.Timeout));
    }
}