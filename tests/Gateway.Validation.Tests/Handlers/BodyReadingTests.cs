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