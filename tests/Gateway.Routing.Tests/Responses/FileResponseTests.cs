using System.Net;
using System.Net.Http.Headers;

namespace Gateway.Routing.Tests.Responses;

public sealed class FileResponseTests : IDisposable
{
    private static readonly TimeSpan Timeout = Apps.Timeout;
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-file-").FullName;
    private readonly string _file;

    public FileResponseTests()
    {
        _file = Path.Combine(_directory, "data.txt");
        File.WriteAllText(_file, "0123456789");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private TestClient Client(bool offerFile = true) =>
        new(new FileResponse(_file), new TestClientOptions { OfferResponseFile = offerFile });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_file_is_sent_with_length_type_validators_and_accept_ranges(bool offerFile)
    {
        await using var client = Client(offerFile);

        using var response = await client.GetAsync("/").WaitAsync(Timeout);

        Assert.Equal("0123456789", await response.Content.ReadAsStringAsync());
        Assert.Equal(10, response.Content.Headers.ContentLength);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(["bytes"], response.Headers.AcceptRanges);
    }

    [Fact]
    public async Task Matching_if_none_match_or_if_modified_since_gives_304()
    {
        await using var client = Client();
        using var first = await client.GetAsync("/").WaitAsync(Timeout);
        using var byTag = new HttpRequestMessage(HttpMethod.Get, "/");
        byTag.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var byDate = new HttpRequestMessage(HttpMethod.Get, "/");
        byDate.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"other\""));

        using var tagResponse = await client.SendAsync(byTag).WaitAsync(Timeout);
        using var dateResponse = await client.SendAsync(byDate).WaitAsync(Timeout);
        using var staleResponse = await client.SendAsync(stale).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.NotModified, tagResponse.StatusCode);
        Assert.Empty(await tagResponse.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, dateResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, staleResponse.StatusCode);
    }

    [Theory]
    [InlineData("bytes=2-4", "234", "bytes 2-4/10")]
    [InlineData("bytes=7-", "789", "bytes 7-9/10")]
    [InlineData("bytes=-3", "789", "bytes 7-9/10")]
    [InlineData("bytes=8-100", "89", "bytes 8-9/10")]
    public async Task A_single_range_is_a_206_with_content_range(string range, string expected, string contentRange)
    {
        await using var client = Client(offerFile: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("range", range);

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal(contentRange, response.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task A_range_through_the_servers_file_capability_sends_the_slice()
    {
        await using var client = Client(offerFile: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("range", "bytes=1-2");

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal("12", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("bytes=10-")]
    [InlineData("bytes=-0")]
    public async Task An_unsatisfiable_range_is_416_with_the_length(string range)
    {
        await using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("range", range);

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */10", response.Content.Headers.ContentRange?.ToString());
    }

    [Theory]
    [InlineData("bytes=0-1,4-5")]
    [InlineData("items=0-1")]
    [InlineData("bytes=5-2")]
    public async Task Several_ranges_or_malformed_ones_get_the_whole_file(string range)
    {
        await using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("range", range);

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0123456789", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task If_range_with_a_stale_validator_gets_the_whole_file()
    {
        await using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("range", "bytes=0-1");
        request.Headers.TryAddWithoutValidation("if-range", "\"stale\"");

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_download_name_and_a_missing_file()
    {
        await using var download = new TestClient(new FileResponse(_file, downloadName: "résumé.txt"));
        await using var missing = new TestClient(new FileResponse(Path.Combine(_directory, "nope.txt")));

        using var response = await download.GetAsync("/").WaitAsync(Timeout);
        using var notFound = await missing.GetAsync("/").WaitAsync(Timeout);

        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains("UTF-8''r%C3%A9sum%C3%A9.txt", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
    }
}