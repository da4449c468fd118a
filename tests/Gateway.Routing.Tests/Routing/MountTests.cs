using System.Net;

namespace Gateway.Routing.Tests.Routing;

public class MountTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    [Theory]
    [InlineData("/api/users/7", "/users/7|/api|id=7:Int32,")]
    [InlineData("/api/", "/|/api|")]
    [InlineData("/api", "/|/api|")]
    public async Task A_mounted_router_sees_the_path_stripped_and_the_root_path_extended(string path, string expected)
    {
        var api = new Router();
        api.MapGet("/users/{id:int}", Apps.Describe());
        api.MapGet("/", Apps.Describe());
        var root = new Router();
        root.Mount("/api", api);
        await using var client = new TestClient(root);

        var body = await client.GetStringAsync(path).WaitAsync(Timeout);

        Assert.Equal(expected, body);
    }

    [Fact]
    public async Task Mount_prefix_parameters_join_the_child_routes_parameters_under_the_servers_root_path()
    {
        var tenant = new Router();
        tenant.MapGet("/items/{item}", Apps.Describe());
        var root = new Router();
        root.Mount("/t/{tenant:int}", tenant);
        await using var client = new TestClient(root, new TestClientOptions { RootPath = "/base" });

        var body = await client.GetStringAsync("/base/t/3/items/x").WaitAsync(Timeout);

        Assert.Equal("/items/x|/base/t/3|tenant=3:Int32,item=x:String,", body);
    }

    [Fact]
    public async Task A_route_more_specific_than_a_mount_wins_and_the_mount_gives_its_own_404()
    {
        var sub = new Router();
        sub.MapGet("/x", Apps.Text("sub"));
        var root = new Router();
        root.Mount("/api", sub);
        root.MapGet("/api/health", Apps.Text("health"));
        await using var client = new TestClient(root);

        Assert.Equal("health", await client.GetStringAsync("/api/health").WaitAsync(Timeout));
        Assert.Equal("sub", await client.GetStringAsync("/api/x").WaitAsync(Timeout));
        using var missing = await client.GetAsync("/api/nothing").WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var prefixOnly = await client.GetAsync("/apix").WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.NotFound, prefixOnly.StatusCode);
    }

    [Fact]
    public async Task Any_app_can_be_mounted()
    {
        var root = new Router();
        root.Mount("/raw", Apps.Describe());
        await using var client = new TestClient(root);

        var body = await client.GetStringAsync("/raw/a/b").WaitAsync(Timeout);

        Assert.Equal("/a/b|/raw|", body);
    }

    [Fact]
    public async Task Hosts_route_by_host_name_in_registration_order_before_paths_and_capture_labels()
    {
        var tenants = new Router();
        tenants.MapGet("/", Apps.Describe());
        var root = new Router();
        root.Host("api.example.com", Apps.Text("api"));
        root.Host("{tenant}.example.com", tenants);
        root.MapGet("/", Apps.Text("default"));
        await using var client = new TestClient(root);

        using var tenantRequest = new HttpRequestMessage(HttpMethod.Get, "/");
        tenantRequest.Headers.Host = "acme.example.com:8080";
        using var tenantResponse = await client.SendAsync(tenantRequest).WaitAsync(Timeout);
        using var apiRequest = new HttpRequestMessage(HttpMethod.Get, "/anything");
        apiRequest.Headers.Host = "API.example.com";
        using var apiResponse = await client.SendAsync(apiRequest).WaitAsync(Timeout);

        Assert.Equal("/||tenant=acme:String,", await tenantResponse.Content.ReadAsStringAsync());
        Assert.Equal("api", await apiResponse.Content.ReadAsStringAsync());
        Assert.Equal("default", await client.GetStringAsync("/").WaitAsync(Timeout));
    }

    [Fact]
    public void Route_objects_match_on_their_own_as_starlette_routes_do()
    {
        var route = new Route(RouteTemplate.Parse("/u/{id:int}"), ["GET"], Apps.Text("x"));
        var mount = new Mount(RouteTemplate.ParsePrefix("/m/"), Apps.Text("x"));
        var socket = new WebSocketRoute(RouteTemplate.Parse("/ws"), Apps.Text("x"));
        var get = new Scope { Type = ScopeType.Http, Path = "/u/5" };

        Assert.Equal(RouteMatch.Full, route.Match(get, out var child));
        Assert.Equal(5, child.PathParameters["id"]);
        Assert.Equal(RouteMatch.Partial, route.Match(get with { Method = "POST" }, out _));
        Assert.Equal(RouteMatch.Full, route.Match(get with { Method = "HEAD" }, out _));
        Assert.Equal(RouteMatch.None, route.Match(get with { Path = "/u/x" }, out _));
        Assert.Equal(RouteMatch.Full, mount.Match(get with { Path = "/m/a" }, out var mounted));
        Assert.Equal(("/a", "/m"), (mounted.Path, mounted.RootPath));
        Assert.Equal(RouteMatch.None, socket.Match(get with { Path = "/ws" }, out _));
        Assert.Equal(RouteMatch.Full, socket.Match(new Scope { Type = ScopeType.WebSocket, Path = "/ws" }, out _));
        Assert.Equal(["GET", "HEAD"], route.Methods);
    }
}