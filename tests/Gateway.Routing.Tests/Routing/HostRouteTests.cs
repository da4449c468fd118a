namespace Gateway.Routing.Tests.Routing;

/// <summary><c>Host</c> is now <see cref="HostRoute"/> (no clash with <c>Microsoft.Extensions.Hosting.Host</c>), made
/// by <see cref="Router.Host(string, Router)"/>.</summary>
public class HostRouteTests
{
    [Fact]
    public async Task Router_host_makes_a_host_route_that_takes_its_hosts_requests_first()
    {
        var tenants = new Router();
        tenants.MapGet("/", Apps.Describe());
        var root = new Router();
        root.Host("{tenant}.example.test", tenants).WithName("tenants");
        root.Host("api.example.test", Apps.Text("api"));
        root.MapGet("/", Apps.Text("root"));
        await using var client = new TestClient(root);

        Assert.Equal("/||tenant=acme:String,", await client.GetStringAsync("http://acme.example.test/").WaitAsync(Apps.Timeout));
        Assert.Equal("root", await client.GetStringAsync("http://other.test/").WaitAsync(Apps.Timeout));
        var route = Assert.IsType<HostRoute>(root.Find(new Scope { Type = ScopeType.Http, Method = "GET", Path = "/", Headers = Headers.Create([new Header("host", "acme.example.test")]) }, out _));
        Assert.Equal("{tenant}.example.test", route.HostTemplate);
        Assert.Same(tenants, route.Router);
    }

    [Fact]
    public void A_host_route_can_be_made_and_matched_on_its_own()
    {
        var route = new HostRoute("static.example.test", Apps.Text("static"));

        Assert.Equal(RouteMatch.Full, route.Match(new Scope { Type = ScopeType.Http, Path = "/a", Headers = Headers.Create([new Header("host", "static.example.test:8080")]) }, out _));
        Assert.Equal(RouteMatch.None, route.Match(new Scope { Type = ScopeType.Http, Path = "/a", Headers = Headers.Create([new Header("host", "other.test")]) }, out _));
    }
}