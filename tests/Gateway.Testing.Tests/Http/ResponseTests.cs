using System.Net;
using System.Text;

namespace Gateway.Testing.Tests;

public class ResponseTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    [Fact]
    public async Task Status_and_headers_reach_the_response_and_its_content_headers()
    {
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(201, [
                new("content-type", "application/json"),
                new("content-length", "2"),
                new("set-cookie", "a=1"),
                new("set-cookie", "b=2"),
                new("x-custom", "yes"),
            ]));
            await send(new HttpResponseBody("{}"u8.ToArray()));
        };
        await using var client = new TestClient(app);

        using var response = await client.GetAsync("/").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, response.Content.Headers.ContentLength);
        Assert.Equal(["a=1", "b=2"], response.Headers.GetValues("set-cookie"));
        Assert.Equal(["yes"], response.Headers.GetValues("x-custom"));
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpVersion.Version11, response.Version);
    }

    [Fact]
    public async Task Hop_by_hop_headers_are_the_servers_and_never_reach_the_client()
    {
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200, [new("connection", "close"), new("transfer-encoding", "chunked"), new("x-kept", "1")]));
            await send(HttpResponseBody.Empty);
        };
        await using var client = new TestClient(app);

        using var response = await client.GetAsync("/").WaitAsync(Timeout);

        Assert.False(response.Headers.Contains("connection"));
        Assert.Null(response.Headers.TransferEncodingChunked);
        Assert.True(response.Headers.Contains("x-kept"));
    }

    [Fact]
    public async Task Trailers_are_in_trailing_headers_once_the_body_is_read()
    {
        GatewayApp app = async (scope, _, send) =>
        {
            Assert.True(scope.Extensions.Has<IHttpResponseTrailersCapability>());
            await send(new HttpResponseStart(200, trailers: true));
            await send(new HttpResponseBody("data"u8.ToArray()));
            await send(new HttpResponseTrailers([new("grpc-status", "0")], moreTrailers: true));
            await send(new HttpResponseTrailers([new("x-checksum", "abc")]));
        };
        await using var client = new TestClient(app);

        using var response = await client.GetAsync("/").WaitAsync(Timeout);

        Assert.Equal("data", await response.Content.ReadAsStringAsync());
        Assert.Equal(["0"], response.TrailingHeaders.GetValues("grpc-status"));
        Assert.Equal(["abc"], response.TrailingHeaders.GetValues("x-checksum"));
    }

    [Fact]
    public async Task Early_hints_are_recorded_in_order_for_the_test()
    {
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseEarlyHints([new("link", "</style.css>; rel=preload; as=style")]));
            await send(new HttpResponseEarlyHints([new("link", "</app.js>; rel=preload; as=script")]));
            await send(new HttpResponseStart(200));
            await send(HttpResponseBody.Empty);
        };
        await using var client = new TestClient(app);

        using var response = await client.GetAsync("/").WaitAsync(Timeout);

        var hints = response.GetEarlyHints();
        Assert.Equal(2, hints.Count);
        Assert.Equal("</style.css>; rel=preload; as=style", hints[0].GetValue("link"));
        Assert.Equal("</app.js>; rel=preload; as=script", hints[1].GetValue("link"));
    }

    [Fact]
    public async Task Early_hints_kept_for_the_test_are_bounded()
    {
        var refused = new TaskCompletionSource<int>();
        GatewayApp app = async (_, _, send) =>
        {
            for (var sent = 0; ; sent++)
            {
                try
                {
                    await send(new HttpResponseEarlyHints([new("link", $"</{sent}.css>")]));
                }
                catch (InvalidOperationException)
                {
                    refused.SetResult(sent);
                    break;
                }
            }

            await send(new HttpResponseStart(204));
            await send(HttpResponseBody.Empty);
        };
        await using var client = new TestClient(app);

        using var response = await client.GetAsync("/").WaitAsync(Timeout);

        Assert.Equal(64, await refused.Task);
        Assert.Equal(64, response.GetEarlyHints().Count);
    }

    [Fact]
    public async Task A_response_without_early_hints_has_none()
    {
        await using var client = new TestClient(Apps.Text("plain"));

        using var response = await client.GetAsync("/").WaitAsync(Timeout);

        Assert.Empty(response.GetEarlyHints());
        using var foreign = new HttpResponseMessage();
        Assert.Empty(foreign.GetEarlyHints());
    }

    [Fact]
    public async Task A_file_range_becomes_the_body()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, Encoding.ASCII.GetBytes("0123456789"));
            GatewayApp app = async (scope, _, send) =>
            {
                Assert.True(scope.Extensions.Has<IHttpResponseFileCapability>());
                await send(new HttpResponseStart(200, [new("content-length", "4")]));
                await send(new HttpResponseFile(path, offset: 3, length: 4));
            };
            await using var client = new TestClient(app, new TestClientOptions { BodyBufferSize = 3 });

            using var response = await client.GetAsync("/").WaitAsync(Timeout);

            Assert.Equal("3456", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_whole_file_is_sent_when_no_length_is_given()
    {
        var path = Path.GetTempFileName();
        try
        {
            var bytes = Apps.RandomBytes(200_000);
            await File.WriteAllBytesAsync(path, bytes);
            GatewayApp app = async (_, _, send) =>
            {
                await send(new HttpResponseStart(200));
                await send(new HttpResponseFile(path));
            };
            await using var client = new TestClient(app);

            using var response = await client.GetAsync("/").WaitAsync(Timeout);

            Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_file_shorter_than_the_range_fails_the_apps_send()
    {
        var path = Path.GetTempFileName();
        var failure = new TaskCompletionSource<Exception>();
        try
        {
            await File.WriteAllBytesAsync(path, "short"u8.ToArray());
            GatewayApp app = async (_, _, send) =>
            {
                await send(new HttpResponseStart(200));
                try
                {
                    await send(new HttpResponseFile(path, 0, 100));
                }
                catch (IOException exception)
                {
                    failure.SetResult(exception);
                    throw;
                }
            };
            await using var client = new TestClient(app, new TestClientOptions { RaiseAppExceptions = false });

            using var response = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);

            Assert.IsType<IOException>(await failure.Task.WaitAsync(Timeout));
            // Buffering wraps the truncation's IOException, as for a real connection closed mid-body.
            var truncated = await Assert.ThrowsAsync<HttpRequestException>(() => response.Content.ReadAsStringAsync().WaitAsync(Timeout));
            Assert.IsType<IOException>(truncated.InnerException);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Head_discards_the_apps_body_but_keeps_its_headers()
    {
        GatewayApp app = async (scope, _, send) =>
        {
            Assert.Equal("HEAD", scope.Method);
            await send(new HttpResponseStart(200, [new("content-type", "text/plain"), new("content-length", "11")]));
            await send(new HttpResponseBody("hello world"u8.ToArray()));
        };
        await using var client = new TestClient(app);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/")).WaitAsync(Timeout);

        Assert.Equal(11, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_with_a_file_body_sends_nothing()
    {
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            await send(new HttpResponseFile(typeof(ResponseTests).Assembly.Location));
        };
        await using var client = new TestClient(app);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/")).WaitAsync(Timeout);

        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Synchronous_send_works_too()
    {
        using var client = new TestClient(Apps.Text("sync"));

        using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, "/"));

        using var reader = new StreamReader(response.Content.ReadAsStream());
        Assert.Equal("sync", reader.ReadToEnd());
    }
}