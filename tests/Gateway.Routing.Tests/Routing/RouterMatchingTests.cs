using System.Net;
using System.Text.Json;

namespace Gateway.Routing.Tests.Routing;

public class RouterMatchingTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    [Theory]
    [InlineData("/", "root")]
    [InlineData("/users", "users")]
    [InlineData("/users/me", "me")]
    [InlineData("/users/42", "by-id")]
    [InlineData("/users/bob", "by-name")]
    [InlineData("/files/a/b/c.txt", "files")]
    [InlineData("/files", "files")]
    public async Task Literal_segments_win_over_typed_parameters_which_win_over_str_then_catch_all(string path, string expected)
    {
        var router = new Router();
        router.MapGet("/files/{*rest}", Apps.Text("files"));
        router.MapGet("/users/{name}", Apps.Text("by-name"));
        router.MapGet("/users/{id:int}", Apps.Text("by-id"));
        router.MapGet("/users/me", Apps.Text("me"));
        router.MapGet("/users", Apps.Text("users"));
        router.MapGet("/", Apps.Text("root"));
        await using var client = new TestClient(router);

        var body = await client.GetStringAsync(path).WaitAsync(Timeout);

        Assert.Equal(expected, body);
    }

    [Theory]
    [InlineData("/i/42", "id=42:Int32,")]
    [InlineData("/l/9000000000", "id=9000000000:Int64,")]
    [InlineData("/f/1.5", "x=1.5:Double,")]
    [InlineData("/g/6f9619ff-8b86-d011-b42d-00cf4fc964ff", "id=6f9619ff-8b86-d011-b42d-00cf4fc964ff:Guid,")]
    [InlineData("/s/hello", "slug=hello:String,")]
    [InlineData("/p/a/b", "path=a/b:String,")]
    [InlineData("/n/x", "name=x:String,")]
    public async Task Convertors_put_typed_values_in_the_path_parameters(string path, string expected)
    {
        var router = new Router();
        router.MapGet("/i/{id:int}", Apps.Describe());
        router.MapGet("/l/{id:long}", Apps.Describe());
        router.MapGet("/f/{x:float}", Apps.Describe());
        router.MapGet("/g/{id:guid}", Apps.Describe());
        router.MapGet("/s/{slug:str}", Apps.Describe());
        router.MapGet("/p/{*path}", Apps.Describe());
        router.MapGet("/n/{name}", Apps.Describe());
        await using var client = new TestClient(router);

        var body = await client.GetStringAsync(path).WaitAsync(Timeout);

        Assert.EndsWith(expected, body);
    }

    [Theory]
    [InlineData("/i/abc")]
    [InlineData("/i/-1")]
    [InlineData("/i/99999999999")]
    [InlineData("/g/not-a-guid")]
    [InlineData("/f/x1")]
    [InlineData("/n/")]
    public async Task A_segment_its_convertor_refuses_is_a_404_problem(string path)
    {
        var router = new Router(new RouterOptions { RedirectSlashes = false });
        router.MapGet("/i/{id:int}", Apps.Describe());
        router.MapGet("/g/{id:guid}", Apps.Describe());
        router.MapGet("/f/{x:float}", Apps.Describe());
        router.MapGet("/n/{name}", Apps.Describe());
        await using var client = new TestClient(router);

        using var response = await client.GetAsync(path).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Not Found", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal("about:blank", problem.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_path_that_fits_only_other_methods_is_a_405_with_allow()
    {
        var router = new Router();
        router.MapGet("/items", Apps.Text("list"));
        router.MapPost("/items", Apps.Text("create"));
        await using var client = new TestClient(router);

        using var response = await client.DeleteAsync("/items").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("GET, HEAD, POST", string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_405_candidate_does_not_hide_a_full_match_further_down_the_tree()
    {
        var router = new Router();
        router.MapGet("/items/{id:int}", Apps.Text("typed"));
        router.MapPost("/items/{name}", Apps.Text("named"));
        await using var client = new TestClient(router);

        using var response = await client.PostAsync("/items/42", null).WaitAsync(Timeout);

        Assert.Equal("named", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_routes_answer_head_without_a_body()
    {
        var router = new Router();
        router.MapGet("/", Apps.Text("hello"));
        await using var client = new TestClient(router);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/")).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Map_without_methods_accepts_every_method()
    {
        var router = new Router();
        router.Map("/any", Apps.Text("any"));
        await using var client = new TestClient(router);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod("PURGE"), "/any")).WaitAsync(Timeout);

        Assert.Equal("any", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/users/", "/users")]
    [InlineData("/docs", "/docs/")]
    public async Task A_trailing_slash_away_from_a_route_is_redirected_with_307_keeping_the_query(string path, string target)
    {
        var router = new Router();
        router.MapGet("/users", Apps.Text("users"));
        router.MapGet("/docs/", Apps.Text("docs"));
        await using var client = new TestClient(router);
        using var request = new HttpRequestMessage(HttpMethod.Get, path + "?q=1");

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(target + "?q=1", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_trailing_slash_redirect_never_points_to_another_host()
    {
        var router = new Router();
        router.MapGet("//evil.example", Apps.Text("x"));
        await using var client = new TestClient(router);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("http://testserver//evil.example/"));

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("/evil.example", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_redirect_status_can_be_308_and_redirects_can_be_turned_off()
    {
        var permanent = new Router(new RouterOptions { RedirectStatus = 308 });
        permanent.MapGet("/users", Apps.Text("users"));
        var off = new Router(new RouterOptions { RedirectSlashes = false });
        off.MapGet("/users", Apps.Text("users"));
        await using var permanentClient = new TestClient(permanent);
        await using var offClient = new TestClient(off);

        using var redirected = await permanentClient.GetAsync("/users/").WaitAsync(Timeout);
        using var notFound = await offClient.GetAsync("/users/").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.PermanentRedirect, redirected.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RouterOptions { RedirectStatus = 302 });
    }

    [Fact]
    public async Task Unmatched_websockets_are_denied_with_a_404_problem_when_the_server_offers_denial()
    {
        var router = new Router();
        router.MapWebSocket("/ws", async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            await send(WebSocketClose.Normal);
        });
        await using var client = new TestClient(router);

        var denied = await Assert.ThrowsAsync<WebSocketDeniedException>(() => client.ConnectWebSocketAsync("/nope")).WaitAsync(Timeout);

        Assert.Equal(404, denied.Status);
    }

    [Fact]
    public async Task Unmatched_websockets_are_closed_when_the_server_cannot_deny()
    {
        var router = new Router();
        await using var client = new TestClient(router, new TestClientOptions { OfferWebSocketDenialResponse = false });

        var denied = await Assert.ThrowsAsync<WebSocketDeniedException>(() => client.ConnectWebSocketAsync("/nope")).WaitAsync(Timeout);

        Assert.Equal(403, denied.Status);
    }

    [Fact]
    public async Task Websocket_routes_take_websockets_and_http_routes_do_not()
    {
        var router = new Router();
        router.MapGet("/ws", Apps.Text("http"));
        router.MapWebSocket("/ws", async (scope, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            await send(new WebSocketSend("hi " + scope.Path));
            await send(WebSocketClose.Normal);
        });
        await using var client = new TestClient(router);

        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);
        var text = await socket.ReceiveTextAsync().WaitAsync(Timeout);
        var http = await client.GetStringAsync("/ws").WaitAsync(Timeout);

        Assert.Equal("hi /ws", text);
        Assert.Equal("http", http);
    }

    [Fact]
    public async Task Lifespan_is_acknowledged_or_handed_to_the_configured_app()
    {
        var started = false;
        var router = new Router(new RouterOptions
        {
            Lifespan = async (_, receive, send) =>
            {
                await receive();
                started = true;
                await send(LifespanStartupComplete.Instance);
                await receive();
                await send(LifespanShutdownComplete.Instance);
            },
        });
        await using (var client = new TestClient(router))
        {
            await client.StartAsync().WaitAsync(Timeout);
        }

        await using var plain = new TestClient(new Router());
        await plain.StartAsync().WaitAsync(Timeout);

        Assert.True(started);
    }

    [Fact]
    public void Routes_cannot_be_added_once_the_router_is_built()
    {
        var router = new Router();
        var route = router.MapGet("/", Apps.Text("x"));
        router.Build();

        Assert.True(router.IsBuilt);
        Assert.Throws<InvalidOperationException>(() => router.MapGet("/other", Apps.Text("y")));
        Assert.Throws<InvalidOperationException>(() => route.WithName("late"));
    }

    [Fact]
    public void Duplicate_names_fail_the_build()
    {
        var router = new Router();
        router.MapGet("/a", Apps.Text("a")).WithName("same");
        router.MapGet("/b", Apps.Text("b")).WithName("same");

        Assert.Throws<InvalidOperationException>(router.Build);
    }

    [Fact]
    public void Find_reports_the_route_and_the_child_scope()
    {
        var router = new Router();
        var builder = router.MapGet("/users/{id:int}", Apps.Text("x")).WithName("user");

        var route = router.Find(new Scope { Type = ScopeType.Http, Path = "/users/7" }, out var child);
        var none = router.Find(new Scope { Type = ScopeType.Http, Path = "/nothing" }, out var same);

        Assert.Equal("user", route?.Name);
        Assert.Equal(7, child.PathParameters.Get<int>("id"));
        Assert.Null(none);
        Assert.Equal("/nothing", same.Path);
        Assert.Same(builder.Router, router);
    }
}