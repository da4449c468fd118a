using System.Net;
using System.Text;
using System.Text.Json;

using Gateway.Server.Tests.Support;

namespace Gateway.Server.Tests.Connection.Http1;

// Two tests here measure the managed heap while 100 MiB stream through: they run alone (other tests' allocations
// would count against them) and sample it after full collections (garbage is not growth).
[Collection(MemoryMeasurementCollection.Name)]
public class Http1RequestTests
{
    private static GatewayApp ScopeReporter => Apps.Http(async (scope, receive, send) =>
    {
        var body = await Apps.ReadBodyAsync(receive);
        var report = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = scope.Type.ToString(),
            version = scope.HttpVersion.ToString(),
            method = scope.Method,
            scheme = scope.Scheme,
            path = scope.Path,
            rawPath = Encoding.Latin1.GetString(scope.RawPath.Span),
            query = Encoding.Latin1.GetString(scope.QueryString.Span),
            rootPath = scope.RootPath,
            client = scope.Client?.ToString(),
            server = scope.Server?.ToString(),
            headers = scope.Headers.Select(h => new[] { h.NameString, h.ValueString }).ToArray(),
            body = Encoding.UTF8.GetString(body),
            state = scope.State.TryGet<string>("pool", out var pool) ? pool : null,
        });
        await send(new HttpResponseStart(200, [new("content-type", "application/json")]));
        await send(new HttpResponseBody(report));
    });

    private static async Task<JsonElement> ReportAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task The_scope_describes_the_request()
    {
        await using var server = await HttpTestServer.StartAsync(ScopeReporter);
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/caf%C3%A9/a%2Fb?x=1&y=%20&x=2") { Content = new StringContent("payload") };
        request.Headers.Add("X-Trace", ["one", "two"]);

        using var response = await client.SendAsync(request);
        var report = await ReportAsync(response);

        Assert.Equal("Http", report.GetProperty("type").GetString());
        Assert.Equal("1.1", report.GetProperty("version").GetString());
        Assert.Equal("POST", report.GetProperty("method").GetString());
        Assert.Equal("http", report.GetProperty("scheme").GetString());
        Assert.Equal("/café/a/b", report.GetProperty("path").GetString());
        Assert.Equal("/caf%C3%A9/a%2Fb", report.GetProperty("rawPath").GetString());
        Assert.Equal("x=1&y=%20&x=2", report.GetProperty("query").GetString());
        Assert.Equal(string.Empty, report.GetProperty("rootPath").GetString());
        Assert.StartsWith("127.0.0.1:", report.GetProperty("client").GetString(), StringComparison.Ordinal);
        Assert.Equal(server.EndPoints[0].ToString(), report.GetProperty("server").GetString());
        Assert.Equal("payload", report.GetProperty("body").GetString());
        var headers = report.GetProperty("headers").EnumerateArray().Select(h => (h[0].GetString(), h[1].GetString())).ToList();
        Assert.Contains(("host", $"127.0.0.1:{((IPEndPoint)server.EndPoints[0]).Port}"), headers);
        Assert.Contains(("x-trace", "one, two"), headers);
        Assert.Contains(("content-type", "text/plain; charset=utf-8"), headers);
    }

    [Fact]
    public async Task The_root_path_is_reported_and_stripped_from_paths_that_still_carry_it()
    {
        await using var server = await HttpTestServer.StartAsync(ScopeReporter, options => options.RootPath = "/api");
        using var client = server.CreateClient();

        var prefixed = await ReportAsync(await client.GetAsync("/api/users"));
        var stripped = await ReportAsync(await client.GetAsync("/users"));
        var exact = await ReportAsync(await client.GetAsync("/api"));
        var lookalike = await ReportAsync(await client.GetAsync("/apiary"));

        Assert.Equal(("/api", "/users"), (prefixed.GetProperty("rootPath").GetString(), prefixed.GetProperty("path").GetString()));
        Assert.Equal("/users", stripped.GetProperty("path").GetString());
        Assert.Equal("/", exact.GetProperty("path").GetString());
        Assert.Equal("/apiary", lookalike.GetProperty("path").GetString());
    }

    [Fact]
    public async Task Lifespan_state_is_copied_into_every_request()
    {
        GatewayApp app = async (scope, receive, send) =>
        {
            if (scope.Type == ScopeType.Lifespan)
            {
                await receive();
                scope.State["pool"] = "db";
                await send(LifespanStartupComplete.Instance);
                await receive();
                await send(LifespanShutdownComplete.Instance);
                return;
            }

            scope.State["pool"] = "changed by request";
            await ScopeReporter(scope with { State = new ScopeState(scope.State) { ["pool"] = scope.State.Get<string>("pool") } }, receive, send);
        };
        await using var server = await HttpTestServer.StartAsync(app);
        using var client = server.CreateClient();

        await client.GetAsync("/");
        var report = await ReportAsync(await client.GetAsync("/"));

        Assert.Equal("changed by request", report.GetProperty("state").GetString());
        Assert.Equal("db", server.Context.LifespanState["pool"]);
    }

    [Fact]
    public async Task Keep_alive_reuses_one_connection_for_many_requests()
    {
        await using var server = await HttpTestServer.StartAsync(ScopeReporter);
        using var client = server.CreateClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 });

        var clients = new HashSet<string?>();
        for (var i = 0; i < 5; i++)
        {
            clients.Add((await ReportAsync(await client.GetAsync($"/{i}"))).GetProperty("client").GetString());
        }

        Assert.Single(clients);
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task Pipelined_requests_are_answered_in_order()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (scope, receive, send) =>
        {
            var body = await Apps.ReadBodyAsync(receive);
            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody(Encoding.ASCII.GetBytes($"{scope.Method} {scope.Path} {body.Length}")));
        }));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync(
            "GET /1 HTTP/1.1\r\nHost: x\r\n\r\n" +
            "POST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" +
            "POST /3 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n" +
            "GET /4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal("GET /1 0", (await connection.ReadResponseAsync()).BodyText);
        Assert.Equal("POST /2 5", (await connection.ReadResponseAsync()).BodyText);
        Assert.Equal("POST /3 3", (await connection.ReadResponseAsync()).BodyText);
        var last = await connection.ReadResponseAsync();
        Assert.Equal("GET /4 0", last.BodyText);
        Assert.Equal("close", last.Header("connection"));
        Assert.True(await connection.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Chunked_request_bodies_stream_both_ways_with_HttpClient()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Echo);
        using var client = server.CreateClient();
        var payload = new byte[300_000];
        new Random(5).NextBytes(payload);
        using var content = new StreamContent(new NonSeekableStream(payload));

        using var response = await client.PostAsync("/", content);

        Assert.Null(content.Headers.ContentLength);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Equal(payload, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Expect_100_continue_is_answered_only_when_the_app_reads_the_body()
    {
        var readBody = new TaskCompletionSource<bool>();
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (scope, receive, send) =>
        {
            if (scope.Path == "/read")
            {
                await Apps.ReadBodyAsync(receive);
            }

            await send(new HttpResponseStart(scope.Path == "/read" ? 200 : 401));
            await send(HttpResponseBody.Empty);
        }));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("POST /read HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
        var interim = await connection.ReadResponseAsync();
        await connection.SendAsync("body");
        var final = await connection.ReadResponseAsync();

        Assert.Equal("HTTP/1.1 100 Continue", interim.StatusLine);
        Assert.Equal(200, final.Status);

        // The app refuses without reading: no 100, and the unsent body does not break the connection.
        await connection.SendAsync("POST /refuse HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
        var refused = await connection.ReadResponseAsync();
        Assert.Equal(401, refused.Status);
    }

    [Fact]
    public async Task No_100_continue_is_sent_when_the_whole_body_already_arrived()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Echo);
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        // Head and body in one write: by the time the app reads, the body is there, so the go-ahead would only confuse.
        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\nbody");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(200, response.Status);
        Assert.Equal("body", response.BodyText);
    }

    [Fact]
    public async Task HttpClient_expect_continue_uploads_work()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Echo);
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.ExpectContinue = true;

        using var response = await client.PostAsync("/", new ByteArrayContent("with expect"u8.ToArray()));

        Assert.Equal("with expect", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_100_megabyte_upload_streams_through_without_growing_memory()
    {
        const long total = 100L * 1024 * 1024;
        long peak = 0;
        await using var server = await HttpTestServer.StartAsync(
            Apps.Http(async (_, receive, send) =>
            {
                // Verify every byte as it arrives, keeping nothing.
                var check = new PatternStream(total);
                var expected = new byte[4 * 1024 * 1024];
                long received = 0;
                while (await receive() is HttpRequest request)
                {
                    var chunk = request.Body;
                    var slice = expected.AsMemory(0, chunk.Length);
                    await check.ReadExactlyAsync(slice);
                    if (!chunk.Span.SequenceEqual(slice.Span))
                    {
                        throw new InvalidDataException($"mismatch near byte {received}");
                    }

                    received += chunk.Length;
                    if (received % (8 * 1024 * 1024) < chunk.Length)
                    {
                        Interlocked.Exchange(ref peak, Math.Max(Interlocked.Read(ref peak), GC.GetTotalMemory(forceFullCollection: true)));
                    }

                    if (!request.MoreBody)
                    {
                        break;
                    }
                }

                await send(new HttpResponseStart(200));
                await send(new HttpResponseBody(Encoding.ASCII.GetBytes(received.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            }),
            options => options.Limits.MaxRequestBodySize = null);
        using var client = server.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(2);
        using var content = new StreamContent(new PatternStream(total), 64 * 1024);
        content.Headers.ContentLength = total;
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);

        using var response = await client.PostAsync("/", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
        Assert.True(peak - baseline < 32 * 1024 * 1024, $"the managed heap grew by {(peak - baseline) / 1024 / 1024} MiB while receiving 100 MiB");
    }

    [Fact]
    public async Task A_100_megabyte_download_streams_through_without_growing_memory()
    {
        const long total = 100L * 1024 * 1024;
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (_, _, send) =>
        {
            var source = new PatternStream(total);
            var buffer = new byte[64 * 1024];
            await send(new HttpResponseStart(200));
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                // Reusing the buffer is safe: send returns once the server has taken the bytes.
                await send(new HttpResponseBody(buffer.AsMemory(0, read), moreBody: true));
            }

            await send(HttpResponseBody.Empty);
        }));
        using var client = server.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(2);
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;

        using var response = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var check = new PatternStream(total);
        var buffer = new byte[64 * 1024];
        var expected = new byte[buffer.Length];
        long received = 0;
        int count;
        while ((count = await stream.ReadAsync(buffer)) > 0)
        {
            await check.ReadExactlyAsync(expected.AsMemory(0, count));
            Assert.True(buffer.AsSpan(0, count).SequenceEqual(expected.AsSpan(0, count)), $"mismatch near byte {received}");
            received += count;
            if (received % (8 * 1024 * 1024) < count)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            }
        }

        Assert.Equal(total, received);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.True(peak - baseline < 32 * 1024 * 1024, $"the managed heap grew by {(peak - baseline) / 1024 / 1024} MiB while sending 100 MiB");
    }

    [Fact]
    public async Task A_body_echoed_while_it_streams_arrives_intact()
    {
        // Sent and read concurrently over a raw socket: 20 MB is far more than the kernel and server buffers together.
        const int size = 20_000_000;
        var payload = new byte[size];
        new Random(11).NextBytes(payload);
        await using var server = await HttpTestServer.StartAsync(Apps.Echo);
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        var sending = Task.Run(async () =>
        {
            await connection.SendAsync($"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {size}\r\n\r\n");
            foreach (var piece in payload.Chunk(100_000))
            {
                await connection.SendAsync(piece);
            }
        });
        var response = await connection.ReadResponseAsync();
        await sending;

        Assert.Equal("chunked", response.Header("transfer-encoding"));
        Assert.True(payload.AsSpan().SequenceEqual(response.Body), "the echoed body differs");
    }

    [Fact]
    public async Task Bodies_over_the_limit_get_413_whether_declared_or_streamed()
    {
        var appCalls = 0;
        await using var server = await HttpTestServer.StartAsync(
            Apps.Http(async (_, receive, send) =>
            {
                Interlocked.Increment(ref appCalls);
                var message = await receive();
                while (message is HttpRequest { MoreBody: true })
                {
                    message = await receive();
                }

                Assert.IsType<HttpDisconnect>(message);
                await Assert.ThrowsAsync<ClientDisconnectedException>(async () => await send(new HttpResponseStart(200)));
            }),
            options => options.Limits.MaxRequestBodySize = 1000);

        await using (var declared = await RawHttpConnection.ConnectAsync(server.EndPoints[0]))
        {
            await declared.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n");
            var response = await declared.ReadResponseAsync();
            Assert.Equal(413, response.Status);
            Assert.True(await declared.IsClosedByServerAsync());
            Assert.Equal(0, appCalls);
        }

        await using var streamed = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);
        await streamed.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + "200\r\n" + new string('a', 512) + "\r\n" + "200\r\n" + new string('b', 512) + "\r\n");
        var chunked = await streamed.ReadResponseAsync();
        Assert.Equal(413, chunked.Status);
        Assert.Equal("close", chunked.Header("connection"));
        Assert.True(await streamed.IsClosedByServerAsync());
        Assert.Equal(1, appCalls);
    }

    [Fact]
    public async Task A_small_unread_body_is_drained_and_the_connection_kept()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Text("ignored your body"));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789GET / HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal("ignored your body", (await connection.ReadResponseAsync()).BodyText);
        Assert.Equal("ignored your body", (await connection.ReadResponseAsync()).BodyText);
    }

    [Fact]
    public async Task A_large_unread_body_closes_the_connection_after_the_response()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Text("no thanks", 403));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n" + new string('x', 1000));
        var response = await connection.ReadResponseAsync();

        Assert.Equal(403, response.Status);
        Assert.Equal("close", response.Header("connection"));
        Assert.True(await connection.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Absolute_form_targets_and_OPTIONS_asterisk_are_served()
    {
        await using var server = await HttpTestServer.StartAsync(ScopeReporter);
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("GET http://example.com:8080/over/there?q=1 HTTP/1.1\r\nHost: ignored\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
        var absolute = JsonDocument.Parse((await connection.ReadResponseAsync()).BodyText).RootElement;
        var asterisk = JsonDocument.Parse((await connection.ReadResponseAsync()).BodyText).RootElement;

        Assert.Equal("/over/there", absolute.GetProperty("path").GetString());
        Assert.Equal("q=1", absolute.GetProperty("query").GetString());
        Assert.Equal("OPTIONS", asterisk.GetProperty("method").GetString());
        Assert.Equal("*", asterisk.GetProperty("path").GetString());
    }

    /// <summary>A stream without a length, so HttpClient sends it chunked.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    /// <summary>A long, cheap, deterministic stream of bytes (never held in memory).</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, length - _position);
            for (var i = 0; i < count; i++)
            {
                buffer[i] = (byte)((_position + i) * 31 % 251);
            }

            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task A_zero_content_length_body_is_delivered_at_once_and_the_connection_stays_usable()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Echo);
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        var empty = await connection.ReadResponseAsync().WaitAsync(Timeouts.Default);
        await connection.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
        var next = await connection.ReadResponseAsync().WaitAsync(Timeouts.Default);

        Assert.Equal(200, empty.Status);
        Assert.Empty(empty.Body);
        Assert.Equal("abc", next.BodyText);
    }
}