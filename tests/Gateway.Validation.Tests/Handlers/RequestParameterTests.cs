using System.Net;
using System.Text;

using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.Validation.Tests.Handlers;

/// <summary>Handlers take Routing's <see cref="Request"/>, and their binders read through the same one: one cookie rule,
/// one query parser with its pair cap, one body read.</summary>
public class RequestParameterTests
{
    [Fact]
    public async Task A_handler_can_take_the_request_with_its_method_path_parameters_query_and_headers()
    {
        await using var client = Api.Client(r => r.MapGet("/items/{id:int}", (int id, Request request) =>
            $"{request.Method} {request.Path} {request.PathParameters["id"]} {id} q={request.Query["q"]} all={string.Join('|', request.Query.GetAll("t"))} h={request.Headers.GetValue("x-one")}"));
        using var message = new HttpRequestMessage(HttpMethod.Get, "/items/7?q=a+b%21&t=1&t=2");
        message.Headers.Add("x-one", "uno");

        var response = await client.SendAsync(message).WaitAsync(Api.Timeout);

        Assert.Equal("GET /items/7 7 7 q=a b! all=1|2 h=uno", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_from_cookie_value_and_request_cookies_agree_percent_decoded_quotes_removed_plus_kept()
    {
        await using var client = Api.Client(r => r.MapGet("/", ([FromCookie] string session, [FromCookie] string quoted, Request request) =>
            string.Join('\n', session, request.Cookies["session"], quoted, request.Cookies["quoted"], request.Cookies["caf\u00e9"])));
        using var message = new HttpRequestMessage(HttpMethod.Get, "/");
        message.Headers.TryAddWithoutValidation("cookie", "session=a%20b+c%3D; quoted=\"x%2Fy\"; caf%C3%A9=cr%C3%A8me");

        var response = await client.SendAsync(message).WaitAsync(Api.Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("a b+c=\na b+c=\nx/y\nx/y\ncr\u00e8me", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_missing_cookie_is_a_422_located_under_cookie()
    {
        await using var client = Api.Client(r => r.MapGet("/", ([FromCookie] string session) => session));

        var error = await (await client.GetAsync("/").WaitAsync(Api.Timeout)).ErrorAsync();

        Assert.Equal("cookie.session", error.Loc());
        Assert.Equal("missing", error.Type());
    }

    [Fact]
    public async Task Too_many_query_pairs_are_a_413_problem_for_a_handler_as_for_request_query()
    {
        var router = new Router(new RouterOptions { Form = new FormOptions { MaxFields = 3 } });
        router.MapGet("/bound", (int a) => a);
        router.MapGet("/request", (Request request) => request.Query.Count);
        await using var client = new TestClient(router);

        foreach (var path in new[] { "/bound", "/request" })
        {
            var ok = await client.GetAsync(path + "?a=1&b=2&c=3").WaitAsync(Api.Timeout);
            var tooMany = await client.GetAsync(path + "?a=1&b=2&c=3&d=4").WaitAsync(Api.Timeout);

            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.StatusCode);
            Assert.Equal("application/problem+json", tooMany.Content.Headers.ContentType?.MediaType);
            var problem = await tooMany.JsonAsync();
            Assert.Equal(413, problem.GetProperty("status").GetInt32());
            Assert.Equal("Content Too Large", problem.GetProperty("title").GetString());
            Assert.Equal("about:blank", problem.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Too_many_cookies_are_a_431_problem()
    {
        var router = new Router(new RouterOptions { Form = new FormOptions { MaxFields = 2 } });
        router.MapGet("/", ([FromCookie] string? a) => a ?? "none");
        await using var client = new TestClient(router);
        using var message = new HttpRequestMessage(HttpMethod.Get, "/");
        message.Headers.TryAddWithoutValidation("cookie", "a=1; b=2; c=3");

        var response = await client.SendAsync(message).WaitAsync(Api.Timeout);

        Assert.Equal(431, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_bound_body_and_the_request_see_the_same_bytes_read_once()
    {
        await using var client = Api.Client(r => r.MapPost("/", async (CreateUser user, Request request) =>
        {
            var bytes = await request.ReadBodyAsync();
            var again = await request.ReadJsonAsync<CreateUser>();
            return $"{user.Name}|{Encoding.UTF8.GetString(bytes.Span)}|{again!.Age}";
        }));

        var response = await client.PostJsonAsync("/", """{"name":"ann","age":3}""");

        Assert.Equal("""ann|{"name":"ann","age":3}|3""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_request_builds_urls_with_the_root_path_and_the_routers_names()
    {
        var router = new Router();
        router.MapGet("/users/{id:int}", (int id) => id).WithName("user");
        router.MapGet("/here", (Request request) => $"{request.Url}|{request.BaseUrl}|{request.UrlFor("user", new Dictionary<string, object?> { ["id"] = 42 })}");
        await using var client = new TestClient(router, new TestClientOptions { RootPath = "/api" });

        var text = await client.GetStringAsync("http://example.test/api/here?x=1").WaitAsync(Api.Timeout);

        Assert.Equal("http://example.test/api/here?x=1|http://example.test/api/|/api/users/42", text);
    }

    [Fact]
    public async Task A_request_reading_json_itself_gets_415_and_400_problems()
    {
        await using var client = Api.Client(r => r.MapPost("/", async (Request request) => (await request.ReadJsonAsync<CreateUser>())!.Name));

        var wrongType = await client.PostAsync("/", new StringContent("{}", Encoding.UTF8, "text/plain")).WaitAsync(Api.Timeout);
        var broken = await client.PostJsonAsync("/", "{\"name\":");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal("application/problem+json", wrongType.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("application/problem+json", broken.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Form_fields_and_the_request_share_one_form_read_within_the_handlers_limit()
    {
        var router = new Router();
        router.MapPost("/", async ([FromForm] string name, Request request) =>
        {
            var form = await request.ReadFormAsync();
            return $"{name}|{form.Fields["name"]}|{form.Fields["other"]}";
        });
        router.MapPost("/small", ([FromForm] string name) => name, new HandlerOptions { MaxBodySize = 8 });
        await using var client = new TestClient(router);

        var response = await client.PostAsync("/", new FormUrlEncodedContent([new("name", "a b"), new("other", "ü")])).WaitAsync(Api.Timeout);
        var tooLarge = await client.PostAsync("/small", new FormUrlEncodedContent([new("name", "0123456789")])).WaitAsync(Api.Timeout);

        Assert.Equal("a b|a b|ü", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_handler_that_takes_send_but_does_not_answer_still_gets_its_204()
    {
        await using var client = Api.Client(r => r.MapPost("/", (Send send) => { }));

        var response = await client.PostAsync("/", null).WaitAsync(Api.Timeout);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}