using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Gateway.Routing.Tests.StaticFiles;

/// <summary><see cref="Gateway.Routing.StaticFiles"/> behind <see cref="CompressionMiddleware"/>, as a web app serves its
/// scripts: compressed when the client accepts it, still revalidated with 304 and still range-requestable.</summary>
public sealed class CompressedStaticFilesTests : IDisposable
{
    private static readonly TimeSpan Timeout = Apps.Timeout;
    private static readonly string Script = string.Concat(Enumerable.Repeat("export const answer = 42;\n", 400));
    private readonly string _root = Directory.CreateTempSubdirectory("gateway-static-compressed-").FullName;

    public CompressedStaticFilesTests() => File.WriteAllText(Path.Combine(_root, "app.js"), Script);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private TestClient Client()
    {
        var router = new Router();
        router.Mount("/static", new Gateway.Routing.StaticFiles(_root, new StaticFilesOptions { Headers = [new("cache-control", "no-cache")] }))
            .Use(CompressionMiddleware.Create());
        return new TestClient(router);
    }

    private static HttpRequestMessage Get(string path, string? acceptEncoding = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("accept-encoding", acceptEncoding);
        }

        return request;
    }

    [Fact]
    public async Task A_compressed_file_has_a_weak_etag_and_no_accept_ranges_and_keeps_the_extra_headers()
    {
        await using var client = Client();

        using var plain = await client.SendAsync(Get("/static/app.js")).WaitAsync(Timeout);
        using var compressed = await client.SendAsync(Get("/static/app.js", "gzip")).WaitAsync(Timeout);
        var body = await compressed.Content.ReadAsByteArrayAsync();

        var strong = plain.Headers.ETag!;
        Assert.False(strong.IsWeak);
        Assert.Equal(["bytes"], plain.Headers.AcceptRanges);
        Assert.Equal(["gzip"], compressed.Content.Headers.ContentEncoding);
        Assert.Equal(new EntityTagHeaderValue(strong.Tag, isWeak: true), compressed.Headers.ETag);
        Assert.Empty(compressed.Headers.AcceptRanges);
        Assert.True(compressed.Headers.CacheControl?.NoCache);
        Assert.True(body.Length < Script.Length);
        using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        Assert.Equal(Script, await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task The_weak_etag_of_a_compressed_file_revalidates_with_304()
    {
        await using var client = Client();
        using var first = await client.SendAsync(Get("/static/app.js", "br")).WaitAsync(Timeout);

        using var again = Get("/static/app.js", "br");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var revalidated = await client.SendAsync(again).WaitAsync(Timeout);

        Assert.True(first.Headers.ETag!.IsWeak);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
        Assert.Empty(revalidated.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task A_range_request_gets_the_uncompressed_bytes_it_asked_for()
    {
        await using var client = Client();
        using var request = Get("/static/app.js", "gzip, br");
        request.Headers.Range = new RangeHeaderValue(100, 1099);

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal("bytes 100-1099/" + Script.Length, response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(Script.Substring(100, 1000), await response.Content.ReadAsStringAsync());
    }
}