namespace Gateway.Routing.Tests.Routing;

public class RouteGroupTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    private static Gateway.Middleware Tag(string tag) => next => async (scope, receive, send) =>
    {
        scope.State[tag] = true;
        await next(scope, receive, async (message, ct) =>
        {
            if (message is HttpResponseStart start)
            {
                var headers = start.Headers.ToBuilder().Add("x-tag", tag).Build();
                message = new HttpResponseStart(start.Status, headers, start.Trailers);
            }

            await send(message, ct);
        });
    };

    [Fact]
    public async Task A_group_prefixes_its_routes_and_wraps_only_them_in_its_middleware_outer_groups_first()
    {
        var router = new Router();
        var api = router.MapGroup("/api").Use(Tag("api"));
        var users = api.MapGroup("/users/").Use(Tag("users"));
        users.MapGet("/{id:int}", Apps.Describe()).Use(Tag("route"));
        router.MapGet("/plain", Apps.Text("plain"));
        await using var client = new TestClient(router);

        using var grouped = await client.GetAsync("/api/users/4").WaitAsync(Timeout);
        using var plain = await client.GetAsync("/plain").WaitAsync(Timeout);

        Assert.Equal("/api/users/4||id=4:Int32,", await grouped.Content.ReadAsStringAsync());
        Assert.Equal(["route", "users", "api"], grouped.Headers.GetValues("x-tag"));
        Assert.False(plain.Headers.Contains("x-tag"));
    }

    [Fact]
    public async Task Router_middleware_wraps_the_whole_router_including_404s()
    {
        var router = new Router().Use(Tag("router"));
        await using var client = new TestClient(router);

        using var response = await client.GetAsync("/missing").WaitAsync(Timeout);

        Assert.Equal(["router"], response.Headers.GetValues("x-tag"));
    }

    [Fact]
    public void Get_routes_lists_every_route_through_groups_and_mounts_with_metadata_names_and_parameters()
    {
        var admin = new Router();
        admin.MapDelete("/users/{id:guid}", Apps.Text("x")).WithName("delete").WithMetadata("admin-route");
        admin.MapWebSocket("/live", Apps.Text("x")).WithName("live");
        var router = new Router();
        var group = router.MapGroup("/v1/{tenant}").WithMetadata("group");
        group.MapGet("/items/{id:int}", Apps.Text("x")).WithName("item").WithMetadata("route", 42);
        router.Mount("/admin", admin).WithName("admin").WithMetadata("mount");
        router.Mount("/static", Apps.Text("x"));

        var routes = router.GetRoutes();

        Assert.Equal(4, routes.Count);
        var item = routes[0];
        Assert.Equal("/v1/{tenant}/items/{id:int}", item.Path);
        Assert.Equal(RouteKind.Http, item.Kind);
        Assert.Equal(["GET", "HEAD"], item.Methods);
        Assert.Equal("item", item.Name);
        Assert.Equal(["group", "route", 42], item.Metadata);
        Assert.Equal([("tenant", "str", typeof(string)), ("id", "int", typeof(int))], item.Parameters.Select(p => (p.Name, p.ConvertorName, p.ValueType)));
        var delete = routes[1];
        Assert.Equal("/admin/users/{id:guid}", delete.Path);
        Assert.Equal("admin:delete", delete.Name);
        Assert.Equal(["mount", "admin-route"], delete.Metadata);
        Assert.Equal(typeof(Guid), delete.Parameters[0].ValueType);
        Assert.True(routes[2].IsWebSocket);
        Assert.Equal("admin:live", routes[2].Name);
        Assert.Equal(RouteKind.Mount, routes[3].Kind);
        Assert.Equal("/static", routes[3].Path);
    }

    [Fact]
    public void The_route_builder_exposes_the_full_template_for_binders()
    {
        var router = new Router();
        var builder = router.MapGroup("/users/{userId:int}").MapPost("/posts/{slug}", Apps.Text("x"));

        Assert.Equal("/users/{userId:int}/posts/{slug}", builder.Template.Text);
        Assert.Equal(["userId", "slug"], builder.Template.Parameters.Select(p => p.Name));
        Assert.Equal(["POST"], builder.Methods);
        Assert.NotNull(builder.Group);
    }
}