using System.IO.Compression;
using System.Text;

namespace Gateway.Routing.Tests.Middleware;

public class CompressionMiddlewareTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;
    private static readonly string Large = string.Concat(Enumerable.Repeat("compressible text ", 200));

    private static async Task<(HttpResponseMessage Response, byte[] Body)> GetAsync(GatewayApp app, string? acceptEncoding, CompressionOptions? options = null)
    {
        var client = new TestClient(app.WithMiddleware(CompressionMiddleware.Create(options)));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("accept-encoding", acceptEncoding);
        }

        var response = await client.SendAsync(request).WaitAsync(Timeout);
        var body = await response.Content.ReadAsByteArrayAsync();
        await client.DisposeAsync();
        return (response, body);
    }

    private static string Decompress(byte[] body, string encoding)
    {
        using Stream decoder = encoding == "br"
            ? new BrotliStream(new MemoryStream(body), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var reader = new StreamReader(decoder, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Theory]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("br;q=0.5, gzip;q=0.8", "gzip")]
    [InlineData("*", "br")]
    public async Task A_large_body_is_compressed_with_the_negotiated_encoding(string accept, string expected)
    {
        var (response, body) = await GetAsync(Apps.Text(Large), accept);

        Assert.Equal([expected], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.True(body.Length < Large.Length);
        Assert.Equal(Large, Decompress(body, expected));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("identity")]
    [InlineData("gzip;q=0, br;q=0")]
    public async Task Without_an_acceptable_encoding_the_body_passes_unchanged(string? accept)
    {
        var (response, body) = await GetAsync(Apps.Text(Large), accept);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(Large, Encoding.UTF8.GetString(body));
    }

    [Fact]
    public async Task Bodies_below_the_minimum_size_already_encoded_or_event_streams_are_not_compressed()
    {
        GatewayApp encoded = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200, [new("content-encoding", "custom")]));
            await send(new HttpResponseBody(Encoding.UTF8.GetBytes(Large)));
        };
        GatewayApp events = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200, [new("content-type", "text/event-stream")]));
            await send(new HttpResponseBody(Encoding.UTF8.GetBytes(Large)));
        };

        var (small, smallBody) = await GetAsync(Apps.Text("tiny"), "gzip");
        var (already, _) = await GetAsync(encoded, "gzip");
        var (stream, streamBody) = await GetAsync(events, "gzip");

        Assert.Empty(small.Content.Headers.ContentEncoding);
        Assert.Equal("tiny", Encoding.UTF8.GetString(smallBody));
        Assert.Equal(["custom"], already.Content.Headers.ContentEncoding);
        Assert.Empty(stream.Content.Headers.ContentEncoding);
        Assert.Equal(Large, Encoding.UTF8.GetString(streamBody));
    }

    [Fact]
    public async Task A_streamed_body_is_compressed_chunk_by_chunk_without_content_length()
    {
        GatewayApp streaming = async (scope, _, send) =>
        {
            Assert.False(scope.Extensions.Has<IHttpResponseFileCapability>());
            await send(new HttpResponseStart(200, [new("content-type", "text/plain")]));
            for (var i = 0; i < 5; i++)
            {
                await send(new HttpResponseBody(Encoding.UTF8.GetBytes(Large), moreBody: true));
            }

            await send(HttpResponseBody.Empty);
        };

        var (response, body) = await GetAsync(streaming, "gzip");
        var sent = new List<Message>();
        var scope = new Scope { Type = ScopeType.Http, Headers = Headers.Create([new("accept-encoding", "gzip")]), Extensions = ScopeExtensions.Create(new FileCapability()) };
        await new CompressionMiddleware(streaming).Invoke(scope, _ => ValueTask.FromResult<Message>(HttpDisconnect.Instance), (message, _) =>
        {
            sent.Add(message is HttpResponseBody chunk ? new HttpResponseBody(chunk.Body.ToArray(), chunk.MoreBody) : message);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Equal(string.Concat(Enumerable.Repeat(Large, 5)), Decompress(body, "gzip"));
        var start = Assert.IsType<HttpResponseStart>(sent[0]);
        Assert.False(start.Headers.Contains("content-length"));
        Assert.True(sent.Count >= 6, "each chunk is flushed as it comes");
        Assert.True(((HttpResponseBody)sent[1]).MoreBody);
        Assert.False(((HttpResponseBody)sent[^1]).MoreBody);
    }

    private sealed class FileCapability : IHttpResponseFileCapability;

    [Fact]
    public void Brotli_can_be_turned_off()
    {
        Assert.Equal("gzip", CompressionMiddleware.Negotiate("br, gzip", brotli: false));
        Assert.Null(CompressionMiddleware.Negotiate("br", brotli: false));
    }
}