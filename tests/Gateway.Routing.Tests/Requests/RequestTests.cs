using System.Net;
using System.Text;
using System.Text.Json;

namespace Gateway.Routing.Tests.Requests;

/// <summary><see cref="Request"/>: one object over scope and receive that parses the query, cookies, body and form
/// lazily, once, within the router's limits, and builds URLs with the root path.</summary>
public class RequestTests
{
    private static Scope Http(string query = "", string method = "POST", params Header[] headers) => new()
    {
        Type = ScopeType.Http,
        Method = method,
        Path = "/p",
        QueryString = Encoding.ASCII.GetBytes(query),
        Headers = Headers.Create(headers),
    };

    /// <summary>A receive that hands out <paramref name="chunks"/> as one body and counts its calls.</summary>
    private sealed class Body(params string[] chunks)
    {
        private int _next;

        public int Calls { get; private set; }

        public ValueTask<Message> Receive(CancellationToken cancellationToken = default)
        {
            Calls++;
            if (_next >= chunks.Length)
            {
                return ValueTask.FromResult<Message>(HttpDisconnect.Instance);
            }

            var index = _next++;
            return ValueTask.FromResult<Message>(new HttpRequest(Encoding.UTF8.GetBytes(chunks[index]), moreBody: index < chunks.Length - 1));
        }
    }

    [Fact]
    public void The_query_is_parsed_once_percent_decoded_with_plus_as_space()
    {
        using var request = new Request(Http("q=a+b%2B%C3%BC&t=1&t=2&flag"), new Body().Receive);

        Assert.Same(request.Query, request.Query);
        Assert.Equal("a b+ü", request.Query["q"]);
        Assert.Equal(["1", "2"], request.Query.GetAll("t"));
        Assert.Equal(string.Empty, request.Query["flag"]);
        Assert.Null(request.Query["missing"]);
    }

    [Fact]
    public void More_query_pairs_than_the_router_allows_is_413()
    {
        var router = new Router(new RouterOptions { Form = new FormOptions { MaxFields = 2 } });
        using var request = new Request(Http("a=1&b=2&c=3"), new Body().Receive, router);

        var exception = Assert.Throws<HttpException>(() => request.Query);

        Assert.Equal(413, exception.Status);
    }

    [Fact]
    public void Cookies_follow_the_one_rule_quotes_removed_percent_decoded_plus_kept_and_431_past_the_cap()
    {
        var headers = new[] { new Header("cookie", "a=x%20y+z; b=\"quoted%3B\"; c%C3%A9=%E2%82%AC; noequals; =empty"), new Header("cookie", "a=second") };
        using var request = new Request(Http(headers: headers), new Body().Receive);
        using var capped = new Request(Http(headers: headers), new Body().Receive, new Router(new RouterOptions { Form = new FormOptions { MaxFields = 3 } }));

        Assert.Same(request.Cookies, request.Cookies);
        Assert.Equal("x y+z", request.Cookies["a"]);
        Assert.Equal(["x y+z", "second"], request.Cookies.GetAll("a"));
        Assert.Equal("quoted;", request.Cookies["b"]);
        Assert.Equal("€", request.Cookies["cé"]);
        Assert.Equal(3, request.Cookies.Count);
        Assert.Equal(request.Cookies.Pairs, RequestCookies.Parse(Http(headers: headers)).Pairs);
        Assert.Equal(431, Assert.Throws<HttpException>(() => capped.Cookies).Status);
    }

    [Fact]
    public async Task The_body_is_read_once_from_its_chunks_and_later_reads_return_the_same_bytes()
    {
        var body = new Body("hel", "lo", " world");
        using var request = new Request(Http(), body.Receive);

        var first = await request.ReadBodyAsync();
        var calls = body.Calls;
        var second = await request.ReadBodyAsync();

        Assert.Equal("hello world", Encoding.UTF8.GetString(first.Span));
        Assert.Equal("hello world", Encoding.UTF8.GetString(second.Span));
        Assert.Equal(3, calls);
        Assert.Equal(calls, body.Calls);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_a_declared_one_is_refused_before_reading()
    {
        var router = new Router(new RouterOptions { MaxBodySize = 8 });
        var chunked = new Body("12345", "67890");
        var declared = new Body("1234567890");
        using var streaming = new Request(Http(), chunked.Receive, router);
        using var announced = new Request(Http(headers: new Header("content-length", "10")), declared.Receive, router);

        Assert.Equal(413, (await Assert.ThrowsAsync<HttpException>(async () => await streaming.ReadBodyAsync())).Status);
        Assert.Equal(413, (await Assert.ThrowsAsync<HttpException>(async () => await announced.ReadBodyAsync())).Status);
        Assert.Equal(0, declared.Calls);
    }

    [Fact]
    public async Task A_body_cut_short_is_a_client_disconnect()
    {
        var messages = new Queue<Message>([new HttpRequest("{\"a\""u8.ToArray(), moreBody: true), HttpDisconnect.Instance]);
        using var request = new Request(Http(), _ => ValueTask.FromResult(messages.Dequeue()));

        await Assert.ThrowsAsync<ClientDisconnectedException>(async () => await request.ReadBodyAsync());
    }

    [Fact]
    public async Task Json_is_read_with_the_routers_options_and_answers_415_and_400()
    {
        var router = new Router(new RouterOptions { JsonOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower } });
        var json = new Header("content-type", "application/json; charset=utf-8");
        using var good = new Request(Http(headers: json), new Body("""{"first_name":"ann"}""").Receive, router);
        using var text = new Request(Http(headers: new Header("content-type", "text/plain")), new Body("{}").Receive, router);
        using var broken = new Request(Http(headers: json), new Body("""{"first_name":""").Receive, router);

        Assert.Equal("ann", (await good.ReadJsonAsync<Person>())!.FirstName);
        Assert.Equal(415, (await Assert.ThrowsAsync<HttpException>(async () => await text.ReadJsonAsync<Person>())).Status);
        Assert.Equal(400, (await Assert.ThrowsAsync<HttpException>(async () => await broken.ReadJsonAsync<Person>())).Status);
    }

    [Fact]
    public async Task A_form_is_read_once_and_its_bytes_are_then_unavailable()
    {
        using var request = new Request(Http(headers: new Header("content-type", "application/x-www-form-urlencoded")), new Body("a=1&b=x+y").Receive);

        var form = await request.ReadFormAsync();

        Assert.Same(form, await request.ReadFormAsync());
        Assert.Equal("x y", form.Fields["b"]);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await request.ReadBodyAsync());
    }

    [Fact]
    public void Urls_carry_scheme_host_root_path_path_and_query()
    {
        var scope = Http("x=1&y=%20") with { RootPath = "/api", Path = "/users/ann marie", Scheme = "https", Headers = Headers.Create([new Header("host", "example.test:8443")]) };
        var websocket = scope with { Type = ScopeType.WebSocket, Scheme = "wss", Headers = Headers.Empty, Server = new IPEndPoint(IPAddress.Loopback, 9000) };
        using var request = new Request(scope, new Body().Receive);
        using var socketRequest = new Request(websocket, new Body().Receive);

        Assert.Equal("https://example.test:8443/api/users/ann%20marie?x=1&y=%20", request.Url.AbsoluteUri);
        Assert.Equal("https://example.test:8443/api/", request.BaseUrl.AbsoluteUri);
        Assert.Equal("https://127.0.0.1:9000/api/", socketRequest.BaseUrl.AbsoluteUri);
    }

    [Fact]
    public async Task Url_for_adds_the_root_path_to_the_routers_url_and_needs_the_router()
    {
        var router = new Router();
        router.MapGet("/users/{id:int}", Apps.Text("user")).WithName("user");
        router.MapGet("/where", async (scope, receive, send) =>
        {
            using var request = new Request(scope, receive, router);
            await new TextResponse(request.UrlFor("user", new Dictionary<string, object?> { ["id"] = 7 }) + "|" + request.Url.AbsoluteUri).Invoke(scope, receive, send);
        });
        await using var client = new TestClient(router, new TestClientOptions { RootPath = "/base" });
        using var orphan = new Request(Http(), new Body().Receive);

        Assert.Equal("/base/users/7|http://localhost/base/where", await client.GetStringAsync("http://localhost/base/where").WaitAsync(Apps.Timeout));
        Assert.Throws<InvalidOperationException>(() => orphan.UrlFor("user"));
    }

    public sealed record Person(string FirstName);
}