using System.Net;
using System.Text;

using Gateway.Server.Tests.Support;

namespace Gateway.Server.Tests.Connection.Http1;

public class Http1ResponseTests
{
    [Fact]
    public async Task A_body_sent_in_one_message_gets_a_content_length_and_keeps_the_connection_alive()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Text("Hello, World!"));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal("HTTP/1.1 200 OK", response.StatusLine);
        Assert.Equal("13", response.Header("content-length"));
        Assert.Null(response.Header("transfer-encoding"));
        Assert.Null(response.Header("connection"));
        Assert.Equal("gateway", response.Header("server"));
        Assert.Matches(@"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$", response.Header("date"));
        Assert.Equal("Hello, World!", response.BodyText);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
    }

    [Fact]
    public async Task A_streamed_body_is_chunked_on_http11_and_close_delimited_on_http10()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            for (var i = 0; i < 3; i++)
            {
                await send(new HttpResponseBody(Encoding.ASCII.GetBytes($"part{i};"), moreBody: true));
            }

            await send(HttpResponseBody.Empty);
        }));

        await using (var http11 = await RawHttpConnection.ConnectAsync(server.EndPoints[0]))
        {
            await http11.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            var response = await http11.ReadResponseAsync();
            Assert.Equal("chunked", response.Header("transfer-encoding"));
            Assert.Equal("part0;part1;part2;", response.BodyText);
        }

        await using var http10 = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);
        await http10.SendAsync("GET / HTTP/1.0\r\n\r\n");
        var old = await http10.ReadResponseAsync();
        Assert.Null(old.Header("transfer-encoding"));
        Assert.Null(old.Header("content-length"));
        Assert.Equal("close", old.Header("connection"));
        Assert.Equal("part0;part1;part2;", old.BodyText);
    }

    [Fact]
    public async Task An_http10_keep_alive_request_with_a_known_length_stays_open()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Text("ok"));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        var first = await connection.ReadResponseAsync();
        await connection.SendAsync("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        var second = await connection.ReadResponseAsync();

        Assert.Equal("keep-alive", first.Header("connection"));
        Assert.Equal("ok", second.BodyText);
    }

    [Fact]
    public async Task The_apps_content_length_is_used_and_hop_by_hop_headers_are_dropped()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (_, _, send) =>
        {
            await send(new HttpResponseStart(200, [new("content-length", "6"), new("connection", "upgrade"), new("transfer-encoding", "gzip"), new("x-app", "1"), new("x-app", "2")]));
            await send(new HttpResponseBody("abc"u8.ToArray(), moreBody: true));
            await send(new HttpResponseBody("def"u8.ToArray()));
        }));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal("6", response.Header("content-length"));
        Assert.Null(response.Header("transfer-encoding"));
        Assert.Null(response.Header("connection"));
        Assert.Equal(["1", "2"], response.Headers.Where(h => h.Key == "x-app").Select(h => h.Value));
        Assert.Equal("abcdef", response.BodyText);
    }

    [Fact]
    public async Task Head_responses_keep_the_length_but_send_no_body()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Text("0123456789"));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
        var head = await connection.ReadResponseAsync(headRequest: true);
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var get = await connection.ReadResponseAsync();

        Assert.Equal("10", head.Header("content-length"));
        Assert.Equal("0123456789", get.BodyText);
    }

    [Theory]
    [InlineData(204)]
    [InlineData(304)]
    public async Task Statuses_without_content_send_no_body_or_framing(int status)
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Text("ignored", status));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var first = await connection.ReadResponseAsync();
        var second = await connection.ReadResponseAsync();

        Assert.Equal(status, first.Status);
        Assert.Null(first.Header("content-length"));
        Assert.Null(first.Header("transfer-encoding"));
        Assert.Equal(status, second.Status);
    }

    [Fact]
    public async Task Trailers_are_sent_to_clients_that_accept_them_and_the_capability_is_hidden_from_others()
    {
        var offered = new List<bool>();
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (scope, _, send) =>
        {
            var trailers = scope.Extensions.Has<IHttpResponseTrailersCapability>();
            lock (offered)
            {
                offered.Add(trailers);
            }

            await send(new HttpResponseStart(200, trailers: trailers));
            await send(new HttpResponseBody("data"u8.ToArray()));
            if (trailers)
            {
                await send(new HttpResponseTrailers([new("x-checksum", "abc")], moreTrailers: true));
                await send(new HttpResponseTrailers([new("x-count", "1")]));
            }
        }));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\nTE: trailers\r\n\r\n");
        var withTrailers = await connection.ReadResponseAsync();
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var without = await connection.ReadResponseAsync();

        Assert.Equal([true, false], offered);
        Assert.Equal("chunked", withTrailers.Header("transfer-encoding"));
        Assert.Equal(["x-checksum: abc", "x-count: 1"], withTrailers.Trailers.Select(t => $"{t.Key}: {t.Value}"));
        Assert.Equal("data", withTrailers.BodyText);
        Assert.Equal("4", without.Header("content-length"));
    }

    [Fact]
    public async Task Early_hints_precede_the_final_response_on_http11_only()
    {
        var offered = new List<bool>();
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (scope, _, send) =>
        {
            var hints = scope.Extensions.Has<IHttpEarlyHintsCapability>();
            offered.Add(hints);
            if (hints)
            {
                await send(new HttpResponseEarlyHints([new("link", "</app.css>; rel=preload; as=style")]));
            }

            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody("page"u8.ToArray()));
        }));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var hintsResponse = await connection.ReadResponseAsync();
        var final = await connection.ReadResponseAsync();
        await using var http10 = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);
        await http10.SendAsync("GET / HTTP/1.0\r\n\r\n");
        var old = await http10.ReadResponseAsync();

        Assert.Equal(103, hintsResponse.Status);
        Assert.Equal("</app.css>; rel=preload; as=style", hintsResponse.Header("link"));
        Assert.Equal("page", final.BodyText);
        Assert.Equal(200, old.Status);
        Assert.Equal([true, false], offered);
    }

    [Fact]
    public async Task A_file_body_is_sent_by_the_server_including_ranges_and_after_streamed_chunks()
    {
        var path = Path.GetTempFileName();
        var content = new byte[200_000];
        new Random(3).NextBytes(content);
        await File.WriteAllBytesAsync(path, content);
        try
        {
            await using var server = await HttpTestServer.StartAsync(Apps.Http(async (scope, _, send) =>
            {
                Assert.True(scope.Extensions.Has<IHttpResponseFileCapability>());
                await send(new HttpResponseStart(200));
                switch (scope.Path)
                {
                    case "/whole":
                        await send(new HttpResponseFile(path));
                        break;
                    case "/range":
                        await send(new HttpResponseFile(path, offset: 1000, length: 500));
                        break;
                    default:
                        await send(new HttpResponseBody("prefix"u8.ToArray(), moreBody: true));
                        await send(new HttpResponseFile(path, offset: 0, length: 10));
                        break;
                }
            }));
            using var client = server.CreateClient();

            Assert.Equal(content, await client.GetByteArrayAsync("/whole"));
            using var range = await client.GetAsync("/range");
            Assert.Equal(500, range.Content.Headers.ContentLength);
            Assert.Equal(content.AsSpan(1000, 500).ToArray(), await range.Content.ReadAsByteArrayAsync());
            var mixed = await client.GetByteArrayAsync("/mixed");
            Assert.Equal("prefix"u8.ToArray().Concat(content.Take(10)), mixed);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_missing_file_fails_the_send_and_leaves_the_response_open_for_an_answer()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            try
            {
                await send(new HttpResponseFile(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}")));
            }
            catch (FileNotFoundException)
            {
                await send(new HttpResponseBody("fallback"u8.ToArray()));
            }
        }));
        using var client = server.CreateClient();

        Assert.Equal("fallback", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task The_server_header_can_be_turned_off_and_the_apps_own_date_and_server_are_kept()
    {
        await using var server = await HttpTestServer.StartAsync(
            Apps.Http(async (scope, _, send) =>
            {
                Headers headers = scope.Path == "/own" ? [new("server", "mine"), new("date", "Thu, 01 Jan 1970 00:00:00 GMT")] : [];
                await send(new HttpResponseStart(200, headers));
                await send(HttpResponseBody.Empty);
            }),
            options => options.AddServerHeader = false);
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /own HTTP/1.1\r\nHost: x\r\n\r\n");
        var plain = await connection.ReadResponseAsync();
        var own = await connection.ReadResponseAsync();

        Assert.Null(plain.Header("server"));
        Assert.Equal("mine", own.Header("server"));
        Assert.Equal("Thu, 01 Jan 1970 00:00:00 GMT", own.Header("date"));
        Assert.Single(own.Headers, h => h.Key == "date");
        Assert.Equal("0", plain.Header("content-length"));
    }

    [Fact]
    public async Task HttpClient_reads_a_streamed_response_chunk_by_chunk_as_it_is_sent()
    {
        var release = new TaskCompletionSource();
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody("first"u8.ToArray(), moreBody: true));
            await release.Task;
            await send(new HttpResponseBody("second"u8.ToArray()));
        }));
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[5];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Timeouts.Default);
        release.SetResult();
        var rest = await new StreamReader(stream).ReadToEndAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("first", Encoding.ASCII.GetString(buffer));
        Assert.Equal("second", rest);
    }
}