using System.Net;
using System.Text;

using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.Validation.Tests.Handlers;

public class BodyReadingTests
{
    [Fact]
    public async Task Malformed_json_is_json_invalid_located_at_its_byte_offset()
    {
        await using var client = Api.Client(r => r.MapPost("/users", (CreateUser user) => user));

        var error = await (await client.PostJsonAsync("/users", "{\"name\": \"a\",\n \"age\": }")).ErrorAsync();

        Assert.Equal("json_invalid", error.Type());
        Assert.Equal("JSON decode error", error.Msg());
        Assert.Equal("body.22", error.Loc());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("ctx").GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Invalid_utf8_anywhere_in_the_body_is_json_invalid_at_its_offset_not_a_500()
    {
        // System.Text.Json checks a string's UTF-8 only when it decodes it, in the middle of binding; found by fuzzing,
        // a property name holding 0x80 was a 500.
        await using var client = Api.Client(r => r.MapPost("/users", (CreateUser user) => user));
        byte[] body = [.. "{\"name\": \"a\", \"x"u8, 0x80, .. "\": 1, \"age\": 3}"u8];

        var response = await client.PostAsync("/users", new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } }).WaitAsync(Api.Timeout);
        var error = await response.ErrorAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("json_invalid", error.Type());
        Assert.Equal("body.16", error.Loc());
    }

    [Fact]
    public async Task An_absent_member_keeps_a_default_its_attributes_must_accept()
    {
        // The attributes are the handler's contract whether or not the client sent the member (the BCL's Validator
        // checks the bound object the same way); found by fuzzing: a [MinLength(1)] list left at its [] default.
        await using var client = Api.Client(r => r.MapPost("/baskets", (Basket basket) => basket.Items.Count));

        var error = await (await client.PostJsonAsync("/baskets", "{}")).ErrorAsync();
        var ok = await client.PostJsonAsync("/baskets", """{"items": ["a"]}""");

        Assert.Equal("too_short", error.Type());
        Assert.Equal("body.items", error.Loc());
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    public sealed class Basket
    {
        [System.ComponentModel.DataAnnotations.MinLength(1)]
        public List<string> Items { get; set; } = [];
    }

    [Fact]
    public async Task A_body_of_another_media_type_is_415_and_json_variants_are_accepted()
    {
        await using var client = Api.Client(r => r.MapPost("/users", (CreateUser user) => user.Name));

        var text = await client.PostAsync("/users", new StringContent("""{"name":"a","age":1}""", Encoding.UTF8, "text/plain")).WaitAsync(Api.Timeout);
        var problemJson = await client.PostAsync("/users", new StringContent("""{"name":"a","age":1}""", Encoding.UTF8, "application/merge-patch+json")).WaitAsync(Api.Timeout);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("application/problem+json", text.Content.Headers.ContentType?.MediaType);
        Assert.Equal(415, (await text.JsonAsync()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, problemJson.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_whether_declared_or_streamed()
    {
        var router = new Router();
        router.MapHandler("/", ["POST"], (CreateUser user) => user.Name, new HandlerOptions { MaxBodySize = 64 });
        await using var client = new TestClient(router, new TestClientOptions { MaxChunkSize = 16 });
        var big = $$"""{"name":"{{new string('x', 100)}}","age":1}""";

        var declared = await client.PostJsonAsync("/", big);
        var streamed = await client.PostAsync("/", new ChunkedContent(big)).WaitAsync(Api.Timeout);
        var small = await client.PostJsonAsync("/", """{"name":"a","age":1}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal("Content Too Large", (await declared.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }

    /// <summary>JSON content of unknown length, so only the bytes read reveal its size.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(string text)
        {
            _bytes = Encoding.UTF8.GetBytes(text);
            Headers.ContentType = Api.Json;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}