using System.Net;
using System.Text;

using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.Validation.Tests.Binding;

public class BindingSourceTests
{
    [Fact]
    public async Task Path_parameters_bind_by_name_already_typed_by_the_route_convertor()
    {
        // An anonymous return type: the generated interceptor is generic over it (inferred from a witness of the same
        // shape), so this runs on the build's path like any other handler.
        await using var client = Api.Client(r => r.MapGet("/users/{id:int}", (int id) => new { id, type = id.GetType().Name, owner = new { name = "ann" } }));

        var body = await (await client.GetAsync("/users/42").WaitAsync(Api.Timeout)).JsonAsync();

        Assert.Equal(42, body.GetProperty("id").GetInt32());
        Assert.Equal("Int32", body.GetProperty("type").GetString());
        Assert.Equal("ann", body.GetProperty("owner").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_task_of_an_anonymous_type_is_awaited_and_written_as_json()
    {
        await using var client = Api.Client(r => r.MapGet("/items/{id:int}", async (int id, string? q) =>
        {
            await Task.Yield();
            return new { id, q };
        }));

        Assert.Equal("""{"id":7,"q":"tea"}""", await client.GetStringAsync("/items/7?q=tea").WaitAsync(Api.Timeout));
    }

    [Fact]
    public async Task A_string_path_segment_is_parsed_to_the_parameter_type_and_a_bad_one_is_int_parsing_at_path()
    {
        await using var client = Api.Client(r => r.MapGet("/items/{id}", (long id) => id));

        Assert.Equal("7", await client.GetStringAsync("/items/7").WaitAsync(Api.Timeout));
        var error = await (await client.GetAsync("/items/seven").WaitAsync(Api.Timeout)).ErrorAsync();

        Assert.Equal("path.id", error.Loc());
        Assert.Equal("int_parsing", error.Type());
        Assert.Equal("Input should be a valid integer, unable to parse string as an integer", error.Msg());
        Assert.Equal("\"seven\"", error.Raw("input"));
    }

    [Fact]
    public async Task Simple_types_bind_from_the_query_by_convention_with_lax_coercion()
    {
        await using var client = Api.Client(r => r.MapGet("/search", (int limit, bool exact, double ratio, Guid id, Color color, DateOnly day, TimeSpan span, Uri site) =>
            $"{limit}|{exact}|{ratio}|{id}|{color}|{day:yyyy-MM-dd}|{span}|{site}"));

        var body = await client.GetStringAsync("/search?limit=%2025&exact=on&ratio=1.5&id=6f9619ff-8b86-d011-b42d-00cf4fc964ff&color=green&day=2024-02-29&span=01:02:03&site=https://example.org/").WaitAsync(Api.Timeout);

        Assert.Equal("25|True|1.5|6f9619ff-8b86-d011-b42d-00cf4fc964ff|Green|2024-02-29|01:02:03|https://example.org/", body);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("on", true)]
    [InlineData("YES", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("off", false)]
    [InlineData("n", false)]
    public async Task Booleans_from_text_accept_pydantic_spellings(string text, bool expected)
    {
        await using var client = Api.Client(r => r.MapGet("/", (bool flag) => flag));

        var body = await client.GetStringAsync($"/?flag={text}").WaitAsync(Api.Timeout);

        Assert.Equal(expected ? "true" : "false", body);
    }

    [Fact]
    public async Task Query_defaults_apply_nullable_means_optional_and_a_missing_required_value_is_missing()
    {
        await using var client = Api.Client(r => r.MapGet("/", (int page, int size = 10, string? q = null) => $"{page}/{size}/{q ?? "-"}"));

        Assert.Equal("2/10/-", await client.GetStringAsync("/?page=2").WaitAsync(Api.Timeout));
        var error = await (await client.GetAsync("/?size=5").WaitAsync(Api.Timeout)).ErrorAsync();
        Assert.Equal("query.page", error.Loc());
        Assert.Equal("missing", error.Type());
        Assert.Equal("Field required", error.Msg());
    }

    [Fact]
    public async Task Repeated_query_keys_bind_to_arrays_and_lists_with_each_bad_item_located_by_index()
    {
        await using var client = Api.Client(r =>
        {
            r.MapGet("/tags", (string[] tag) => string.Join(',', tag));
            r.MapGet("/ids", (List<int> id) => id.Sum());
        });

        Assert.Equal("a,b,c d", await client.GetStringAsync("/tags?tag=a&tag=b&tag=c+d").WaitAsync(Api.Timeout));
        Assert.Equal("6", await client.GetStringAsync("/ids?id=1&id=2&id=3").WaitAsync(Api.Timeout));
        var error = await (await client.GetAsync("/ids?id=1&id=x").WaitAsync(Api.Timeout)).ErrorAsync();
        Assert.Equal("query.id.1", error.Loc());
        Assert.Equal("int_parsing", error.Type());
    }

    [Fact]
    public async Task Headers_bind_by_folded_name_or_explicit_name()
    {
        await using var client = Api.Client(r => r.MapGet("/", (
            [FromHeader] string userAgent,
            [FromHeader] int x_retry_count,
            [FromHeader(Name = "X-Trace")] string trace) => $"{userAgent}|{x_retry_count}|{trace}"));
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("User-Agent", "probe/1");
        request.Headers.Add("X-Retry-Count", "3");
        request.Headers.Add("x-trace", "t-1");

        var response = await client.SendAsync(request).WaitAsync(Api.Timeout);

        Assert.Equal("probe/1|3|t-1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_missing_header_is_missing_at_header_and_its_name_is_folded()
    {
        await using var client = Api.Client(r => r.MapGet("/", ([FromHeader] string apiKey) => apiKey));

        var error = await (await client.GetAsync("/").WaitAsync(Api.Timeout)).ErrorAsync();

        Assert.Equal("header.api-key", error.Loc());
        Assert.Equal("missing", error.Type());
    }

    [Fact]
    public async Task Cookies_bind_by_name_with_quotes_and_escapes_removed()
    {
        await using var client = Api.Client(r => r.MapGet("/", ([FromCookie] string session, [FromCookie(Name = "theme")] string look, [FromCookie] int? visits) => $"{session}|{look}|{visits}"));
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", "session=abc%20def; theme=\"dark\"");

        var response = await client.SendAsync(request).WaitAsync(Api.Timeout);

        Assert.Equal("abc def|dark|", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Form_fields_bind_from_a_url_encoded_body_and_errors_are_located_in_the_body()
    {
        await using var client = Api.Client(r => r.MapPost("/login", ([FromForm] string user, [FromForm] int age, [FromForm(Name = "tag")] string[] tags) => $"{user}|{age}|{tags.Length}"));

        var ok = await client.PostAsync("/login", new FormUrlEncodedContent([new("user", "ann b"), new("age", "33"), new("tag", "x"), new("tag", "y")])).WaitAsync(Api.Timeout);
        var bad = await client.PostAsync("/login", new FormUrlEncodedContent([new("user", "ann")])).WaitAsync(Api.Timeout);

        Assert.Equal("ann b|33|2", await ok.Content.ReadAsStringAsync());
        var errors = await bad.ErrorsAsync();
        Assert.Equal("missing", errors.Find("body.age").Type());
        Assert.Equal("missing", errors.Find("body.tag").Type());
    }

    [Fact]
    public async Task Form_fields_bind_from_a_multipart_body_file_parts_are_skipped_and_a_broken_one_is_400()
    {
        await using var client = Api.Client(r => r.MapPost("/login", ([FromForm] string user, [FromForm] int age, [FromForm(Name = "tag")] string[] tags) => $"{user}|{age}|{tags.Length}"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent("ann b"), "user" },
            { new StringContent("33"), "age" },
            { new StringContent("x"), "tag" },
            { new StringContent("y"), "tag" },
            { new ByteArrayContent([1, 2, 3]), "avatar", "me.png" },
        };
        using var broken = new ByteArrayContent("--b\r\nno disposition\r\n\r\nx\r\n--b--\r\n"u8.ToArray());
        broken.Headers.TryAddWithoutValidation("content-type", "multipart/form-data; boundary=b");
        using var noBoundary = new ByteArrayContent("x"u8.ToArray());
        noBoundary.Headers.TryAddWithoutValidation("content-type", "multipart/form-data");

        var ok = await client.PostAsync("/login", form).WaitAsync(Api.Timeout);
        var malformed = await client.PostAsync("/login", broken).WaitAsync(Api.Timeout);
        var missingBoundary = await client.PostAsync("/login", noBoundary).WaitAsync(Api.Timeout);

        Assert.Equal("ann b|33|2", await ok.Content.ReadAsStringAsync());
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, missingBoundary.StatusCode);
    }

    [Fact]
    public async Task A_complex_type_binds_from_the_json_body_by_convention_or_attribute()
    {
        await using var client = Api.Client(r =>
        {
            r.MapPost("/users", (CreateUser user) => user with { Name = user.Name.ToUpperInvariant() });
            r.MapPost("/explicit", ([FromBody] int[] numbers) => numbers.Sum());
        });

        var user = await (await client.PostJsonAsync("/users", """{"name":"ann","age":33}""")).JsonAsync();
        var sum = await (await client.PostJsonAsync("/explicit", "[1,2,3]")).Content.ReadAsStringAsync();

        Assert.Equal("ANN", user.GetProperty("name").GetString());
        Assert.Equal(33, user.GetProperty("age").GetInt32());
        Assert.Equal("6", sum);
    }

    [Fact]
    public async Task Several_body_parameters_are_read_from_members_named_after_them()
    {
        await using var client = Api.Client(r => r.MapPost("/pair", (CreateUser user, Address address) => $"{user.Name}@{address.Zip}"));

        var ok = await client.PostJsonAsync("/pair", """{"user":{"name":"a","age":1},"address":{"street":"s","zip":"12345"}}""");
        var bad = await client.PostJsonAsync("/pair", """{"user":{"name":"a","age":1}}""");

        Assert.Equal("a@12345", await ok.Content.ReadAsStringAsync());
        Assert.Equal("body.address", (await bad.ErrorAsync()).Loc());
    }

    [Fact]
    public async Task A_missing_required_body_is_missing_at_body_and_an_optional_one_is_null()
    {
        await using var client = Api.Client(r =>
        {
            r.MapPost("/required", (CreateUser user) => user.Name);
            r.MapPost("/optional", (CreateUser? user) => user?.Name ?? "none");
        });

        var error = await (await client.PostAsync("/required", null).WaitAsync(Api.Timeout)).ErrorAsync();
        var optional = await client.PostAsync("/optional", null).WaitAsync(Api.Timeout);

        Assert.Equal("body", error.Loc());
        Assert.Equal("missing", error.Type());
        Assert.Equal("none", await optional.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Special_parameters_receive_the_scope_and_its_abort_token()
    {
        await using var client = Api.Client(r => r.MapGet("/who", (Scope scope, CancellationToken aborted) => $"{scope.Method} {scope.Path} {aborted.CanBeCanceled}"));

        var body = await client.GetStringAsync("/who").WaitAsync(Api.Timeout);

        Assert.Equal("GET /who True", body);
    }

    [Fact]
    public async Task A_tryparse_type_binds_from_text()
    {
        await using var client = Api.Client(r => r.MapGet("/", (Version v) => v.Major));

        Assert.Equal("3", await client.GetStringAsync("/?v=3.1").WaitAsync(Api.Timeout));
        var error = await (await client.GetAsync("/?v=x").WaitAsync(Api.Timeout)).ErrorAsync();
        Assert.Equal("value_error", error.Type());
    }

    [Fact]
    public async Task A_websocket_handler_gets_a_connection_and_bound_parameters()
    {
        await using var client = Api.Client(r => r.MapWebSocket("/echo/{room}", async (WebSocketConnection socket, string room, int times = 1) =>
        {
            await socket.AcceptAsync();
            var text = await socket.ReceiveTextAsync();
            for (var i = 0; i < times; i++)
            {
                await socket.SendJsonAsync(new { room, text });
            }

            await socket.CloseAsync();
        }));

        await using var socket = await client.ConnectWebSocketAsync("/echo/lobby?times=2").WaitAsync(Api.Timeout);
        await socket.SendTextAsync("hi");

        Assert.Equal("""{"room":"lobby","text":"hi"}""", await socket.ReceiveTextAsync().WaitAsync(Api.Timeout));
        Assert.Equal("""{"room":"lobby","text":"hi"}""", await socket.ReceiveTextAsync().WaitAsync(Api.Timeout));
    }

    [Fact]
    public async Task A_websocket_with_invalid_parameters_is_refused_with_the_422_problem()
    {
        await using var client = Api.Client(r => r.MapWebSocket("/ws", async (WebSocketConnection socket, int times) => await socket.AcceptAsync()));

        var exception = await Assert.ThrowsAsync<WebSocketDeniedException>(() => client.ConnectWebSocketAsync("/ws?times=x").WaitAsync(Api.Timeout));

        Assert.Equal(422, exception.Status);
        Assert.Contains("\"loc\":[\"query\",\"times\"]", Encoding.UTF8.GetString(exception.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_denial_responses_a_websocket_with_invalid_parameters_is_closed_before_accepting()
    {
        await using var client = Api.Client(
            r => r.MapWebSocket("/ws", async (WebSocketConnection socket, int times) => await socket.AcceptAsync()),
            new TestClientOptions { OfferWebSocketDenialResponse = false });

        var exception = await Assert.ThrowsAsync<WebSocketDeniedException>(() => client.ConnectWebSocketAsync("/ws?times=x").WaitAsync(Api.Timeout));

        Assert.Equal(403, exception.Status);
    }
}