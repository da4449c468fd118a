using System.Net;
using System.Text;

namespace Gateway.Routing.Tests.Requests;

public class RequestHelperTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    [Fact]
    public void Query_strings_become_a_multi_value_map()
    {
        var scope = new Scope { Type = ScopeType.Http, QueryString = "a=1&b=x+y&a=2&c&=e&d=%C3%BC%2B&&"u8.ToArray() };

        var query = RequestQuery.Parse(scope);

        Assert.Equal(["1", "2"], query.GetAll("a"));
        Assert.Equal("x y", query.GetFirst("b"));
        Assert.Equal("", query.GetFirst("c"));
        Assert.Equal("e", query.GetFirst(""));
        Assert.Equal("ü+", query["d"]);
        Assert.Null(query.GetFirst("missing"));
        Assert.Equal(6, query.Pairs.Count);
        Assert.Throws<HttpException>(() => RequestQuery.Parse(scope, maxPairs: 2));
    }

    [Fact]
    public void Cookies_are_parsed_from_every_cookie_header_first_wins()
    {
        var scope = new Scope
        {
            Type = ScopeType.Http,
            Headers = Headers.Create([new("cookie", "session=abc; theme=\"dark\""), new("cookie", "session=later; lang=en")]),
        };

        var cookies = RequestCookies.Parse(scope);

        Assert.Equal("abc", cookies["session"]);
        Assert.Equal("dark", cookies["theme"]);
        Assert.Equal("en", cookies["lang"]);
    }

    private static GatewayApp FormEcho(FormOptions? options = null) => async (scope, receive, send) =>
    {
        FormData form;
        try
        {
            form = await RequestForm.ReadAsync(scope, receive, options);
        }
        catch (HttpException exception)
        {
            await new ProblemResponse(exception.ToProblem()).Invoke(scope, receive, send);
            return;
        }

        var text = new StringBuilder();
        foreach (var pair in form.Fields.Pairs)
        {
            text.Append(pair.Key).Append('=').Append(pair.Value).Append(';');
        }

        foreach (var file in form.Files)
        {
            text.Append(file.Name).Append(':').Append(file.FileName).Append(':').Append(file.ContentType).Append(':').Append(Encoding.UTF8.GetString(file.Content.Span)).Append(';');
        }

        await new TextResponse(text.ToString()).Invoke(scope, receive, send);
    };

    [Fact]
    public async Task Urlencoded_forms_are_read()
    {
        await using var client = new TestClient(FormEcho());
        using var content = new FormUrlEncodedContent([new("name", "Ada Lovelace"), new("tag", "a&b"), new("tag", "c")]);

        using var response = await client.PostAsync("/", content).WaitAsync(Timeout);

        Assert.Equal("name=Ada Lovelace;tag=a&b;tag=c;", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Multipart_forms_give_fields_and_files()
    {
        await using var client = new TestClient(FormEcho());
        using var file = new ByteArrayContent(Encoding.UTF8.GetBytes("file body\r\n--not-a-boundary"));
        file.Headers.ContentType = new("text/plain");
        using var content = new MultipartFormDataContent("----b0undary") { { new StringContent("value"), "field" }, { file, "upload", "notes.txt" } };

        using var response = await client.PostAsync("/", content).WaitAsync(Timeout);

        Assert.Equal("field=value;upload:notes.txt:text/plain:file body\r\n--not-a-boundary;", await response.Content.ReadAsStringAsync());
    }

    private static ByteArrayContent RawMultipart(string contentType, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("content-type", contentType);
        return content;
    }

    [Theory]
    [InlineData("multipart/form-data", "--x\r\n\r\n--x--")]
    [InlineData("multipart/form-data; boundary=", "--x\r\n\r\n--x--")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\ncontent-disposition: form-data; name=\"a\"\r\n\r\nvalue")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\ncontent-type: text/plain\r\n\r\nvalue\r\n--x--")]
    [InlineData("multipart/form-data; boundary=x", "--xjunk")]
    [InlineData("multipart/form-data; boundary=x", "no delimiter at all")]
    public async Task Missing_boundaries_and_malformed_bodies_are_400(string contentType, string body)
    {
        await using var client = new TestClient(FormEcho());
        using var content = RawMultipart(contentType, body);

        using var response = await client.PostAsync("/", content).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Quoted_boundaries_preambles_epilogues_and_extended_file_names_are_understood()
    {
        await using var client = new TestClient(FormEcho());
        using var content = RawMultipart(
            "multipart/form-data; boundary=\"q b\"",
            "preamble\r\n--q b\r\ncontent-disposition: form-data; name=\"f\"; filename=\"x.txt\"; filename*=UTF-8''%C3%BC.txt\r\n\r\nü\r\n--q b\r\ncontent-disposition: form-data; name=\"empty\"\r\n\r\n\r\n--q b--\r\nepilogue");

        using var response = await client.PostAsync("/", content).WaitAsync(Timeout);

        Assert.Equal("empty=;f:ü.txt:application/octet-stream:ü;", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(4, 1000, 100)]
    [InlineData(1000, 1, 100)]
    [InlineData(1000, 1000, 50)]
    public async Task An_oversized_part_too_many_parts_or_an_oversized_body_are_413(int maxFileSize, int maxFields, int maxBodySize)
    {
        await using var client = new TestClient(FormEcho(new FormOptions { MaxFileSize = maxFileSize, MaxFields = maxFields, MaxBodySize = maxBodySize }));
        using var content = new MultipartFormDataContent("b") { { new StringContent("v"), "a" }, { new ByteArrayContent(new byte[10]), "file", "f.bin" } };

        using var response = await client.PostAsync("/", content).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Other_content_types_are_415()
    {
        await using var client = new TestClient(FormEcho());
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/", content).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Json_bodies_are_read_with_a_limit()
    {
        GatewayApp app = async (scope, receive, send) =>
        {
            try
            {
                var item = await RequestBody.ReadJsonAsync(scope, receive, Responses.ItemContext.Default.Item, 64, scope.Aborted);
                await new TextResponse($"{item!.Name}/{item.Count}").Invoke(scope, receive, send);
            }
            catch (HttpException exception)
            {
                await new ProblemResponse(exception.ToProblem()).Invoke(scope, receive, send);
            }
        };
        await using var client = new TestClient(app);
        using var small = new StringContent("""{"name":"a","count":3}""", Encoding.UTF8, "application/json");
        using var large = new StringContent($$"""{"name":"{{new string('x', 100)}}","count":3}""", Encoding.UTF8, "application/json");

        using var ok = await client.PostAsync("/", small).WaitAsync(Timeout);
        using var tooLarge = await client.PostAsync("/", large).WaitAsync(Timeout);

        Assert.Equal("a/3", await ok.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }
}