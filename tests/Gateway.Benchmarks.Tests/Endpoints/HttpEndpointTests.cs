using System.Net;
using System.Net.Http.Headers;
using System.Text;

using Gateway.Benchmarks.Tests.Hosting;

namespace Gateway.Benchmarks.Tests.Endpoints;

/// <summary>Every HTTP endpoint of every .NET benchmark server, over a real socket to the server's own process: the
/// status and body the load benchmark expects.</summary>
public class HttpEndpointTests(RunningServers servers) : IClassFixture<RunningServers>
{
    public static TheoryData<string> Servers => [.. BenchmarkServer.AllNames];

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Plaintext_is_hello_world_as_text(string server)
    {
        using var client = await servers.ClientAsync(server);

        using var response = await client.GetAsync("/plaintext");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Minimal APIs' string result, written by the request delegate generator's code, carries no content-type (the
        // RequestDelegateFactory's set text/plain): what a Minimal APIs user gets, so the peer is left as written.
        Assert.Equal(server == "kestrel-minimal" ? null : "text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Hello, World!", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Json_is_the_hello_message(string server)
    {
        using var client = await servers.ClientAsync(server);

        using var response = await client.GetAsync("/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"message":"Hello, World!"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Echo_returns_a_4_KiB_body_unchanged(string server)
    {
        using var client = await servers.ClientAsync(server);
        var body = Enumerable.Range(0, 4096).Select(i => (byte)i).ToArray();

        using var response = await client.PostAsync("/echo", new ByteArrayContent(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Echo_streams_a_chunked_body_back(string server)
    {
        using var client = await servers.ClientAsync(server);
        var body = Enumerable.Range(0, 256 * 1024).Select(i => (byte)(i * 7)).ToArray();
        using var content = new StreamContent(new MemoryStream(body)); // no length: sent chunked
        content.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/echo") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Posting_a_valid_user_creates_it_with_id_1(string server)
    {
        using var client = await servers.ClientAsync(server);

        using var response = await client.PostAsync("/users", Json("""{"name":"alice","age":30}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"id":1,"name":"alice","age":30}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Posting_the_limits_of_name_and_age_is_valid(string server)
    {
        using var client = await servers.ClientAsync(server);
        var name = new string('n', 50);

        using var oldest = await client.PostAsync("/users", Json($$"""{"name":"{{name}}","age":150}"""));
        using var youngest = await client.PostAsync("/users", Json("""{"name":"a","age":0}"""));

        Assert.Equal($$"""{"id":1,"name":"{{name}}","age":150}""", await oldest.Content.ReadAsStringAsync());
        Assert.Equal("""{"id":1,"name":"a","age":0}""", await youngest.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (oldest.StatusCode, youngest.StatusCode));
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Posting_an_age_above_150_is_422_naming_age_and_the_limit(string server)
    {
        using var client = await servers.ClientAsync(server);

        using var response = await client.PostAsync("/users", Json("""{"name":"alice","age":151}"""));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("age", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("150", body, StringComparison.Ordinal);
        Assert.DoesNotContain("name", body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Posting_a_negative_age_and_a_51_character_name_lists_both_problems(string server)
    {
        using var client = await servers.ClientAsync(server);

        using var response = await client.PostAsync("/users", Json($$"""{"name":"{{new string('n', 51)}}","age":-1}"""));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("\"age\"", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"name\"", body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Posting_without_an_age_is_422(string server)
    {
        using var client = await servers.ClientAsync(server);

        using var response = await client.PostAsync("/users", Json("""{"name":"alice"}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("age", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Getting_a_user_answers_its_id_with_the_stored_user(string server)
    {
        using var client = await servers.ClientAsync(server);

        using var response = await client.GetAsync("/users/42");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"id":42,"name":"alice","age":30}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_user_id_that_is_not_an_int_is_404(string server)
    {
        using var client = await servers.ClientAsync(server);

        using var word = await client.GetAsync("/users/alice");
        using var tooLarge = await client.GetAsync("/users/2147483648");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (word.StatusCode, tooLarge.StatusCode));
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task An_unknown_path_is_404(string server)
    {
        using var client = await servers.ClientAsync(server);

        using var response = await client.GetAsync("/nowhere");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static ByteArrayContent Json(string json)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}