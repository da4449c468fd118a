namespace Gateway.Routing.Tests.Routing;

public class UrlForTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    [Fact]
    public void Values_are_formatted_by_their_convertor_and_percent_encoded()
    {
        var router = new Router();
        router.MapGet("/users/{id:int}", Apps.Text("x")).WithName("user");
        router.MapGet("/tags/{name}", Apps.Text("x")).WithName("tag");
        router.MapGet("/files/{*path}", Apps.Text("x")).WithName("file");
        router.MapGet("/at/{x:float}/{g:guid}", Apps.Text("x")).WithName("at");
        router.MapGet("/", Apps.Text("x")).WithName("home");
        var guid = Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff");

        Assert.Equal("/users/42", router.UrlFor("user", new { id = 42 }));
        Assert.Equal("/tags/a%20b%3F", router.UrlFor("tag", new { name = "a b?" }));
        Assert.Throws<ArgumentException>(() => router.UrlFor("tag", new { name = "a/b" }));
        Assert.Equal("/files/dir/a%20b.txt", router.UrlFor("file", new { path = "dir/a b.txt" }));
        Assert.Equal("/at/1.5/6f9619ff-8b86-d011-b42d-00cf4fc964ff", router.UrlFor("at", new Dictionary<string, object?> { ["x"] = 1.5, ["g"] = guid }));
        Assert.Equal("/", router.UrlFor("home"));
    }

    [Fact]
    public void Missing_unknown_or_ill_fitting_values_are_errors()
    {
        var router = new Router();
        router.MapGet("/users/{id:int}", Apps.Text("x")).WithName("user");

        Assert.Throws<ArgumentException>(() => router.UrlFor("user"));
        Assert.Throws<ArgumentException>(() => router.UrlFor("user", new { id = "abc" }));
        Assert.Throws<KeyNotFoundException>(() => router.UrlFor("nobody"));
        Assert.Throws<KeyNotFoundException>(() => router.UrlFor("user:inner"));
    }

    [Fact]
    public void Names_are_namespaced_through_mounts_and_hosts()
    {
        var inner = new Router();
        inner.MapGet("/items/{id:int}", Apps.Text("x")).WithName("item");
        var middle = new Router();
        middle.Mount("/shop/{shop}", inner).WithName("shop");
        var root = new Router();
        root.Mount("/v1", middle).WithName("v1");
        root.Host("{tenant}.example.com", inner).WithName("tenant");

        Assert.Equal("/v1/shop/north/items/3", root.UrlFor("v1:shop:item", new { shop = "north", id = 3 }));
        Assert.Equal("/items/3", root.UrlFor("tenant:item", new { id = 3 }));
    }

    [Theory]
    [InlineData(7, "a b", "x/ü.txt")]
    [InlineData(0, "%", "")]
    [InlineData(int.MaxValue, "ü/", "a/b/c")]
    public async Task Generated_urls_route_back_to_the_same_values(int id, string name, string path)
    {
        var router = new Router();
        router.MapGet("/r/{id:int}/{name}/{*path}", Apps.Describe()).WithName("r");
        await using var client = new TestClient(router);

        var url = router.UrlFor("r", new { id, name = name.Replace("/", "_", StringComparison.Ordinal), path });
        var body = await client.GetStringAsync(url).WaitAsync(Timeout);

        Assert.EndsWith($"id={id}:Int32,name={name.Replace("/", "_", StringComparison.Ordinal)}:String,path={path}:String,", body);
    }
}