using Gateway.Server.Protocol.Http1;

namespace Gateway.Server.Tests.Protocol.Http1;

public class Http1ResponseFramingTests
{
    // status, HEAD, app content-length, known body length, version → body framing, content-length header, keep-alive
    public static TheoryData<int, bool, long, long, string, string, long, bool> Rows => new()
    {
        // 1xx and 204: never a body, never a content-length.
        { 103, false, 10, -1, "Http11", "None", -1, true },
        { 204, false, 10, -1, "Http11", "None", -1, true },
        { 204, false, -1, 0, "Http10", "None", -1, true },
        { 204, true, -1, -1, "Http11", "None", -1, true },
        // 304: no body; the app's content-length passes through (it describes the 200 representation).
        { 304, false, 10, -1, "Http11", "None", 10, true },
        { 304, false, -1, 0, "Http11", "None", -1, true },
        { 304, true, -1, -1, "Http10", "None", -1, true },
        // HEAD: no body, GET's fields.
        { 200, true, 10, -1, "Http11", "None", 10, true },
        { 200, true, -1, 25, "Http11", "None", 25, true },
        { 200, true, -1, -1, "Http11", "None", -1, true },
        { 200, true, -1, -1, "Http10", "None", -1, true },
        // A body with a length.
        { 200, false, 10, -1, "Http11", "ContentLength", 10, true },
        { 200, false, 10, 99, "Http11", "ContentLength", 10, true },
        { 500, false, -1, 0, "Http11", "ContentLength", 0, true },
        { 201, false, -1, 42, "Http10", "ContentLength", 42, true },
        // A body of unknown length: chunked on 1.1, close-delimited on 1.0.
        { 200, false, -1, -1, "Http11", "Chunked", -1, true },
        { 200, false, -1, -1, "Http10", "CloseDelimited", -1, false },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decides_row_by_row(int status, bool head, long appLength, long knownLength, string version, string body, long lengthHeader, bool keepAlive)
    {
        var framing = Http1ResponseFraming.Decide(head, status, Enum.Parse<Http1Version>(version), appLength, knownLength, false, false, requestKeepAlive: true);

        Assert.Equal(Enum.Parse<Http1ResponseBodyFraming>(body), framing.Body);
        Assert.Equal(lengthHeader, framing.ContentLengthHeader);
        Assert.Equal(keepAlive, framing.KeepAlive);
        Assert.Equal(keepAlive && version == "Http10", framing.AnnounceKeepAlive);
    }

    [Fact]
    public void The_request_or_the_server_can_force_a_close()
    {
        Assert.False(Http1ResponseFraming.Decide(false, 200, Http1Version.Http11, 5, -1, false, false, requestKeepAlive: false).KeepAlive);
        Assert.False(Http1ResponseFraming.Decide(false, 200, Http1Version.Http11, 5, -1, false, false, requestKeepAlive: true, forceClose: true).KeepAlive);
        var http10Close = Http1ResponseFraming.Decide(false, 200, Http1Version.Http10, 5, -1, false, false, requestKeepAlive: false);
        Assert.False(http10Close.KeepAlive);
        Assert.False(http10Close.AnnounceKeepAlive);
    }

    [Fact]
    public void Trailers_use_chunked_when_the_client_accepts_them()
    {
        var framing = Http1ResponseFraming.Decide(false, 200, Http1Version.Http11, 10, 10, trailers: true, acceptsTrailers: true, requestKeepAlive: true);

        Assert.Equal(Http1ResponseBodyFraming.Chunked, framing.Body);
        Assert.Equal(-1, framing.ContentLengthHeader);
        Assert.True(framing.IsChunked);
    }

    [Theory]
    [InlineData(false, "Http11")]
    [InlineData(true, "Http10")]
    public void Trailers_are_dropped_when_they_cannot_be_sent(bool accepts, string version)
    {
        var framing = Http1ResponseFraming.Decide(false, 200, Enum.Parse<Http1Version>(version), 10, -1, trailers: true, acceptsTrailers: accepts, requestKeepAlive: true);

        Assert.Equal(Http1ResponseBodyFraming.ContentLength, framing.Body);
        Assert.Equal(10, framing.ContentLengthHeader);
    }

    [Fact]
    public void Has_body_follows_the_framing()
    {
        Assert.False(new Http1ResponseFraming(Http1ResponseBodyFraming.None, 5, true, false).HasBody);
        Assert.True(new Http1ResponseFraming(Http1ResponseBodyFraming.CloseDelimited, -1, false, false).HasBody);
    }
}