using System.Net;

namespace Gateway.Routing.Tests.StaticFiles;

public sealed class StaticFilesTests : IDisposable
{
    private static readonly TimeSpan Timeout = Apps.Timeout;
    private readonly string _base = Directory.CreateTempSubdirectory("gateway-static-").FullName;
    private readonly string _root;

    public StaticFilesTests()
    {
        _root = Path.Combine(_base, "root");
        Directory.CreateDirectory(Path.Combine(_root, "docs"));
        File.WriteAllText(Path.Combine(_root, "app.js"), "js");
        File.WriteAllText(Path.Combine(_root, "index.html"), "<h1>home</h1>");
        File.WriteAllText(Path.Combine(_root, "docs", "index.html"), "<h1>docs</h1>");
        File.WriteAllText(Path.Combine(_base, "secret.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(_root, "escape.txt"), Path.Combine(_base, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(_root, "inside.js"), Path.Combine(_root, "app.js"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "outdir"), _base);
    }

    public void Dispose() => Directory.Delete(_base, recursive: true);

    private TestClient Client(StaticFilesOptions? options = null)
    {
        var router = new Router();
        router.Mount("/static", new Gateway.Routing.StaticFiles(_root, options));
        return new TestClient(router);
    }

    [Fact]
    public async Task Files_and_directory_indexes_are_served_with_their_content_types()
    {
        await using var client = Client();

        using var script = await client.GetAsync("/static/app.js").WaitAsync(Timeout);
        using var index = await client.GetAsync("/static/docs/").WaitAsync(Timeout);

        Assert.Equal("js", await script.Content.ReadAsStringAsync());
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<h1>docs</h1>", await index.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/static")]
    [InlineData("/static/")]
    public async Task The_mount_path_itself_serves_the_root_index(string path)
    {
        await using var client = Client();
        await using var strict = Client(new StaticFilesOptions { ServeIndex = false });

        using var index = await client.GetAsync(path).WaitAsync(Timeout);
        using var refused = await strict.GetAsync(path).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("<h1>home</h1>", await index.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task A_mount_at_the_root_serves_the_index_at_slash_beside_other_routes()
    {
        var router = new Router();
        router.MapGet("/api/ping", Apps.Text("pong"));
        router.Mount("/", new Gateway.Routing.StaticFiles(_root));
        await using var client = new TestClient(router);

        using var home = await client.GetAsync("/").WaitAsync(Timeout);
        using var script = await client.GetAsync("/app.js").WaitAsync(Timeout);
        using var api = await client.GetAsync("/api/ping").WaitAsync(Timeout);

        Assert.Equal("<h1>home</h1>", await home.Content.ReadAsStringAsync());
        Assert.Equal("js", await script.Content.ReadAsStringAsync());
        Assert.Equal("pong", await api.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/static/../secret.txt")]
    [InlineData("/static/%2e%2e/secret.txt")]
    [InlineData("/static/%2E%2E%2Fsecret.txt")]
    [InlineData("/static/docs/..%2F..%2Fsecret.txt")]
    [InlineData("/static/..%5Csecret.txt")]
    [InlineData("/static/escape.txt")]
    [InlineData("/static/outdir/secret.txt")]
    [InlineData("/static/missing.txt")]
    [InlineData("/static/app.js%00.txt")]
    public async Task Traversal_attempts_links_out_of_the_root_and_missing_files_are_404(string path)
    {
        await using var client = Client(new StaticFilesOptions { FollowSymlinks = true });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("http://testserver" + path, UriKind.Absolute));

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Links_inside_the_root_are_followed_only_when_allowed()
    {
        await using var following = Client(new StaticFilesOptions { FollowSymlinks = true });
        await using var strict = Client();

        using var followed = await following.GetAsync("/static/inside.js").WaitAsync(Timeout);
        using var refused = await strict.GetAsync("/static/inside.js").WaitAsync(Timeout);

        Assert.Equal("js", await followed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task Only_get_and_head_are_allowed()
    {
        await using var client = Client();

        using var post = await client.PostAsync("/static/app.js", null).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(["GET", "HEAD"], post.Content.Headers.Allow);
    }
}