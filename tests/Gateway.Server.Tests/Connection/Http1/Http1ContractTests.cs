using Gateway.Server.Tests.Support;

using Microsoft.Extensions.Logging;

namespace Gateway.Server.Tests.Connection.Http1;

public class Http1ContractTests
{
    [Fact]
    public async Task An_exception_before_the_response_started_becomes_a_500_closes_the_connection_and_is_logged()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await HttpTestServer.StartAsync(
            Apps.Http((_, _, _) => throw new InvalidOperationException("database is on fire")),
            loggerFactory: logs.CreateFactory());
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(500, response.Status);
        Assert.Equal("Internal Server Error", response.BodyText);
        Assert.DoesNotContain("fire", response.BodyText, StringComparison.Ordinal);
        Assert.Equal("close", response.Header("connection"));
        Assert.True(await connection.IsClosedByServerAsync());
        var error = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("GET /boom", error.Message, StringComparison.Ordinal);
        Assert.Equal("database is on fire", error.Exception?.Message);
    }

    [Fact]
    public async Task An_exception_after_the_response_started_aborts_the_connection()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (_, _, send) =>
        {
            await send(new HttpResponseStart(200, [new("content-length", "100")]));
            await send(new HttpResponseBody("partial"u8.ToArray(), moreBody: true));
            throw new InvalidOperationException("serializer failed halfway");
        }));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");

        var exception = await Assert.ThrowsAsync<IOException>(() => connection.ReadResponseAsync());
        Assert.Contains("after 7 of 100", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_close_delimited_response_cut_short_is_reset_so_it_cannot_look_complete()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody("chunk"u8.ToArray(), moreBody: true));
            await Task.Delay(100);
            throw new InvalidOperationException("boom");
        }));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("GET / HTTP/1.0\r\n\r\n");
        await connection.ReadToEndAsync();

        Assert.True(connection.Reset, "an HTTP/1.0 body without a length must end with a reset, not a FIN");
    }

    [Fact]
    public async Task A_streamed_response_cut_short_by_an_exception_is_never_mistaken_for_a_complete_one()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody("chunk"u8.ToArray(), moreBody: true));
            throw new InvalidOperationException("boom");
        }));
        using var client = server.CreateClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync("/"));
    }

    [Fact]
    public async Task Returning_without_starting_gets_a_500_and_without_completing_an_abort()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await HttpTestServer.StartAsync(
            Apps.Http(async (scope, _, send) =>
            {
                if (scope.Path == "/started")
                {
                    await send(new HttpResponseStart(200));
                    await send(new HttpResponseBody("half"u8.ToArray(), moreBody: true));
                }
            }),
            loggerFactory: logs.CreateFactory());

        await using (var nothing = await RawHttpConnection.ConnectAsync(server.EndPoints[0]))
        {
            await nothing.SendAsync("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal(500, (await nothing.ReadResponseAsync()).Status);
            Assert.True(await nothing.IsClosedByServerAsync());
        }

        await using var started = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);
        await started.SendAsync("GET /started HTTP/1.1\r\nHost: x\r\n\r\n");
        await Assert.ThrowsAsync<IOException>(() => started.ReadResponseAsync());
        Assert.Equal(2, logs.Entries.Count(e => e.Level == LogLevel.Error && (e.Message.Contains("without completing", StringComparison.Ordinal) || e.Message.Contains("before completing", StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData("short", "after 5 of its content-length of 10")]
    [InlineData("long", "more than its content-length of 3")]
    public async Task A_body_that_does_not_match_the_content_length_aborts_the_connection_and_is_logged(string kind, string problem)
    {
        var logs = new CapturingLoggerProvider();
        var appError = new TaskCompletionSource<Exception>();
        await using var server = await HttpTestServer.StartAsync(
            Apps.Http(async (_, _, send) =>
            {
                await send(new HttpResponseStart(200, [new("content-length", kind == "short" ? "10" : "3")]));
                try
                {
                    await send(new HttpResponseBody("12345"u8.ToArray()));
                }
                catch (InvalidOperationException exception)
                {
                    appError.SetResult(exception);
                }
            }),
            loggerFactory: logs.CreateFactory());
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");

        // The client can never read a complete response: the body stops short of the declared length.
        var truncated = await Assert.ThrowsAsync<IOException>(() => connection.ReadResponseAsync());
        Assert.Contains(kind == "short" ? "after 5 of 10" : "after 0 of 3", truncated.Message, StringComparison.Ordinal);
        Assert.Contains(problem, (await appError.Task.WaitAsync(Timeouts.Default)).Message, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Messages_out_of_order_throw_in_the_app_and_the_response_can_still_be_given()
    {
        var errors = new List<string>();
        var appReturned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (_, _, send) =>
        {
            try
            {
                await send(new HttpResponseBody("too early"u8.ToArray()));
            }
            catch (InvalidOperationException exception)
            {
                errors.Add(exception.Message);
            }

            try
            {
                await send(new WebSocketAccept());
            }
            catch (InvalidOperationException exception)
            {
                errors.Add(exception.Message);
            }

            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody("fine"u8.ToArray()));
            try
            {
                await send(new HttpResponseBody("after"u8.ToArray()));
            }
            catch (InvalidOperationException exception)
            {
                errors.Add(exception.Message);
            }

            appReturned.SetResult();
        }));
        using var client = server.CreateClient();

        Assert.Equal("fine", await client.GetStringAsync("/"));

        // The response is on the wire before the app's last send: wait for the app, not for the client.
        await appReturned.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Collection(
            errors,
            e => Assert.Contains("before 'http.response.start'", e, StringComparison.Ordinal),
            e => Assert.Contains("not a message an app can send in an http scope", e, StringComparison.Ordinal),
            e => Assert.Contains("after the response is complete", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_response_headers_are_refused_before_anything_is_written()
    {
        var refused = new TaskCompletionSource<string>();
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (_, _, send) =>
        {
            try
            {
                await send(new HttpResponseStart(200, [new("content-length", "12"), new("content-length", "12")]));
            }
            catch (InvalidOperationException exception)
            {
                refused.SetResult(exception.Message);
            }

            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody("recovered"u8.ToArray()));
        }));
        using var client = server.CreateClient();

        Assert.Equal("recovered", await client.GetStringAsync("/"));
        Assert.Contains("content-length", await refused.Task, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Overlapping_receive_or_send_calls_are_contract_violations()
    {
        // The body is far larger than the socket buffers and the output pipe, and the client reads nothing until the
        // app has tried to overlap its sends, so the first body send is certainly still pending then.
        const int BodySize = 16 * 1024 * 1024;
        // Likewise the body is sent only once the app has tried to overlap its receives, so the first receive is
        // certainly still waiting for it then.
        var violations = new List<string>();
        var receiveOverlapTried = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var overlapTried = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (_, receive, send) =>
        {
            var first = receive();
            try
            {
                await receive();
            }
            catch (InvalidOperationException exception)
            {
                violations.Add(exception.Message);
            }

            receiveOverlapTried.SetResult();
            await first;
            await send(new HttpResponseStart(200));
            var pending = send(new HttpResponseBody(new byte[BodySize], moreBody: true));
            try
            {
                await send(new HttpResponseBody("x"u8.ToArray(), moreBody: true));
            }
            catch (InvalidOperationException exception)
            {
                violations.Add(exception.Message);
            }

            overlapTried.SetResult();
            await pending;
            await send(HttpResponseBody.Empty);
        }));
        await using var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n");
        await receiveOverlapTried.Task.WaitAsync(Timeouts.Default);
        await connection.SendAsync("abc");
        await overlapTried.Task.WaitAsync(Timeouts.Default);
        var response = await connection.ReadResponseAsync();

        Assert.Equal(BodySize, response.Body.Length);
        Assert.Equal(2, violations.Count);
        Assert.All(violations, v => Assert.Contains("must not overlap", v, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_that_leaves_is_seen_as_http_disconnect_and_ClientDisconnectedException()
    {
        var disconnected = new TaskCompletionSource<Message>();
        var sendFailure = new TaskCompletionSource<Exception>();
        var aborted = new TaskCompletionSource();
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (scope, receive, send) =>
        {
            scope.Aborted.Register(() => aborted.TrySetResult());
            await send(new HttpResponseStart(200, [new("content-type", "text/event-stream")]));
            await send(new HttpResponseBody("data: hello\n\n"u8.ToArray(), moreBody: true));

            // The Server-Sent Events pattern: wait for the client to go away.
            await receive();
            disconnected.SetResult(await receive());
            try
            {
                for (var i = 0; i < 1000; i++)
                {
                    await send(new HttpResponseBody(new byte[64 * 1024], moreBody: true));
                }
            }
            catch (Exception exception)
            {
                sendFailure.SetResult(exception);
            }
        }));
        var connection = await RawHttpConnection.ConnectAsync(server.EndPoints[0]);
        await connection.SendAsync("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
        await Task.Delay(200);

        await connection.DisposeAsync();

        Assert.IsType<HttpDisconnect>(await disconnected.Task.WaitAsync(Timeouts.Default));
        Assert.IsType<ClientDisconnectedException>(await sendFailure.Task.WaitAsync(Timeouts.Default));
        await aborted.Task.WaitAsync(Timeouts.Default);
    }

    [Fact]
    public async Task After_the_response_receive_returns_http_disconnect_and_send_is_refused()
    {
        var afterwards = new TaskCompletionSource<Message>();
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (_, receive, send) =>
        {
            await receive();
            await send(new HttpResponseStart(204));
            await send(HttpResponseBody.Empty);
            afterwards.SetResult(await receive());
        }));
        using var client = server.CreateClient();

        await client.GetAsync("/");

        Assert.IsType<HttpDisconnect>(await afterwards.Task.WaitAsync(Timeouts.Default));
    }
}