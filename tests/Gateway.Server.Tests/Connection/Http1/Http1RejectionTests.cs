using Gateway.Server.Tests.Support;

namespace Gateway.Server.Tests.Connection.Http1;

/// <summary>
/// Each request a proxy could read differently is refused with the right status and the connection closed, over a real
/// socket (the parser's own tests cover every byte-level case; these prove the connection answers and closes).
/// </summary>
public class Http1RejectionTests
{
    public static TheoryData<string, string, int> BadRequests => new()
    {
        { "content-length with transfer-encoding", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400 },
        { "duplicate content-length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 400 },
        { "signed content-length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello", 400 },
        { "content-length with inner space", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1 2\r\n\r\n", 400 },
        { "overflowing content-length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400 },
        { "unknown transfer coding", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked2\r\n\r\n", 501 },
        { "chunked not last", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400 },
        { "malformed chunk size", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n", 400 },
        { "malformed chunk extension", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;=bad\r\nhello\r\n0\r\n\r\n", 400 },
        { "bare CR", "GET / HTTP/1.1\r\nHost: x\rX: y\r\n\r\n", 400 },
        { "bare LF", "GET / HTTP/1.1\nHost: x\n\n", 400 },
        { "whitespace before colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400 },
        { "obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-Long: a\r\n  continued\r\n\r\n", 400 },
        { "NUL in a value", "GET / HTTP/1.1\r\nHost: x\r\nX: a\0b\r\n\r\n", 400 },
        { "control character in a name", "GET / HTTP/1.1\r\nHost: x\r\nX\u0001Y: z\r\n\r\n", 400 },
        { "invalid method token", "G(ET / HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "missing host on 1.1", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400 },
        { "duplicate host", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400 },
        { "empty host on 1.1", "GET / HTTP/1.1\r\nHost:\r\n\r\n", 400 },
        { "100 KB method", new string('M', 100 * 1024) + " / HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "invalid version", "GET / HTTP/1.x\r\nHost: x\r\n\r\n", 400 },
        { "unsupported version", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505 },
        { "unknown expectation", "GET / HTTP/1.1\r\nHost: x\r\nExpect: telepathy\r\n\r\n", 417 },
        { "CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 501 },
        { "request line too long", "GET /" + new string('a', 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414 },
        { "headers too large", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + new string('b', 40_000) + "\r\n\r\n", 431 },
        { "too many headers", "GET / HTTP/1.1\r\nHost: x\r\n" + string.Concat(Enumerable.Range(0, 101).Select(i => $"X-{i}: v\r\n")) + "\r\n", 431 },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Is_refused_with_the_right_status_and_the_connection_closed(string name, string request, int status)
    {
        var appCalls = 0;
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (_, receive, send) =>
        {
            Interlocked.Increment(ref appCalls);
            await Apps.ReadBodyAsync(receive);
            await send(new HttpResponseStart(200));
            await send(HttpResponseBody.Empty);
        }));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync(request);
        var response = await connection.ReadResponseAsync();

        Assert.True(status == response.Status, $"{name}: expected {status}, got {response.StatusLine}");
        Assert.Equal("close", response.Header("connection"));
        Assert.True(await connection.IsClosedByServerAsync(), $"{name}: the connection should be closed");
        if (!name.StartsWith("malformed chunk", StringComparison.Ordinal))
        {
            Assert.Equal(0, appCalls);
        }
    }

    [Fact]
    public async Task A_bad_request_after_good_ones_on_the_same_connection_is_still_answered()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Text("ok"));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\n\r\n");

        Assert.Equal("ok", (await connection.ReadResponseAsync()).BodyText);
        Assert.Equal("ok", (await connection.ReadResponseAsync()).BodyText);
        Assert.Equal(400, (await connection.ReadResponseAsync()).Status);
        Assert.True(await connection.IsClosedByServerAsync());
    }

    [Fact]
    public async Task A_second_smuggled_request_behind_a_rejected_one_is_never_served()
    {
        var paths = new List<string>();
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (scope, _, send) =>
        {
            paths.Add(scope.Path);
            await send(new HttpResponseStart(200));
            await send(HttpResponseBody.Empty);
        }));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 44\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(400, response.Status);
        Assert.True(await connection.IsClosedByServerAsync());
        Assert.Empty(paths);
    }
}