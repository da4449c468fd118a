using System.Net.WebSockets;

namespace Gateway.Testing.Tests;

public class WebSocketCloseTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    [Fact]
    public async Task The_tests_close_reaches_the_app_with_its_code_and_is_answered()
    {
        var disconnect = new TaskCompletionSource<WebSocketDisconnect>();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            disconnect.SetResult(Assert.IsType<WebSocketDisconnect>(await receive()));
        };
        await using var client = new TestClient(app);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        await socket.CloseAsync((WebSocketCloseStatus)4000, "done", CancellationToken.None).WaitAsync(Timeout);

        var received = await disconnect.Task.WaitAsync(Timeout);
        Assert.Equal((4000, "done"), (received.Code, received.Reason));
        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal((WebSocketCloseStatus)4000, socket.CloseStatus);
        Assert.Equal("done", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task A_close_without_status_reaches_the_app_as_1005()
    {
        var disconnect = new TaskCompletionSource<WebSocketDisconnect>();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            disconnect.SetResult(Assert.IsType<WebSocketDisconnect>(await receive()));
        };
        await using var client = new TestClient(app);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        await socket.CloseOutputAsync(WebSocketCloseStatus.Empty, null, CancellationToken.None);

        Assert.Equal(1005, (await disconnect.Task.WaitAsync(Timeout)).Code);
        Assert.IsType<WebSocketDisconnect>(await socket.ReceiveMessageAsync().WaitAsync(Timeout));
        Assert.Equal(WebSocketCloseStatus.Empty, socket.CloseStatus);
    }

    [Fact]
    public async Task After_the_test_closed_the_apps_send_fails_and_receive_keeps_returning_disconnect()
    {
        var sentBefore = new TaskCompletionSource();
        var afterClose = new TaskCompletionSource<(Message First, Message Second, Exception SendFailure)>();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            await send(new WebSocketSend("before"));
            sentBefore.SetResult();
            var first = await receive();
            var second = await receive();
            var sendFailure = await Assert.ThrowsAsync<ClientDisconnectedException>(() => send(new WebSocketSend("after")).AsTask());
            await Assert.ThrowsAsync<ClientDisconnectedException>(() => send(new WebSocketClose()).AsTask());
            afterClose.SetResult((first, second, sendFailure));
        };
        await using var client = new TestClient(app);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);
        await sentBefore.Task.WaitAsync(Timeout);

        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);

        Assert.Equal(WebSocketState.CloseSent, socket.State);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.SendTextAsync("not allowed").AsTask());
        Assert.Equal("before", await socket.ReceiveTextAsync().WaitAsync(Timeout));
        var echo = Assert.IsType<WebSocketClose>(await socket.ReceiveMessageAsync().WaitAsync(Timeout));
        Assert.Equal((1000, "bye"), (echo.Code, echo.Reason));
        Assert.Equal(WebSocketState.Closed, socket.State);

        var (first, second, sendFailure) = await afterClose.Task.WaitAsync(Timeout);
        Assert.Equal(1000, Assert.IsType<WebSocketDisconnect>(first).Code);
        Assert.Equal(1000, Assert.IsType<WebSocketDisconnect>(second).Code);
        Assert.IsType<ClientDisconnectedException>(sendFailure);
    }

    [Fact]
    public async Task The_apps_close_reaches_the_test_which_answers_it()
    {
        var afterClose = new TaskCompletionSource<Message>();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            await send(new WebSocketClose(4001, "bye"));
            afterClose.SetResult(await receive());
        };
        await using var client = new TestClient(app);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        var result = await socket.ReceiveAsync(new ArraySegment<byte>(new byte[16]), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal((WebSocketCloseStatus)4001, result.CloseStatus);
        Assert.Equal("bye", result.CloseStatusDescription);
        Assert.Equal(WebSocketState.CloseReceived, socket.State);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ReceiveMessageAsync());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(4001, Assert.IsType<WebSocketDisconnect>(await afterClose.Task.WaitAsync(Timeout)).Code);
    }

    [Fact]
    public async Task Returning_after_accepting_closes_with_1000()
    {
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            await send(new WebSocketSend("last words"));
        };
        await using var client = new TestClient(app);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        Assert.Equal("last words", await socket.ReceiveTextAsync().WaitAsync(Timeout));
        var close = Assert.IsType<WebSocketClose>(await socket.ReceiveMessageAsync().WaitAsync(Timeout));

        Assert.Equal(1000, close.Code);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task An_exception_after_accepting_closes_with_1011_when_not_raised()
    {
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            throw new TestAppException();
        };
        await using var client = new TestClient(app, new TestClientOptions { RaiseAppExceptions = false });
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        var close = Assert.IsType<WebSocketClose>(await socket.ReceiveMessageAsync().WaitAsync(Timeout));

        Assert.Equal(1011, close.Code);
        Assert.Equal(WebSocketCloseStatus.InternalServerError, socket.CloseStatus);
    }

    [Fact]
    public async Task An_exception_after_accepting_is_raised_by_the_next_receive_once()
    {
        var thrown = new TestAppException("after accept");
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            await send(new WebSocketSend("ok"));
            throw thrown;
        };
        await using var client = new TestClient(app);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        Assert.Equal("ok", await socket.ReceiveTextAsync().WaitAsync(Timeout));
        Assert.Same(thrown, await Assert.ThrowsAsync<TestAppException>(() => socket.ReceiveTextAsync().WaitAsync(Timeout)));

        Assert.Equal(WebSocketState.CloseReceived, socket.State);
        Assert.Equal(WebSocketCloseStatus.InternalServerError, socket.CloseStatus);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    public async Task An_exception_the_test_did_not_receive_is_raised_by_dispose()
    {
        var failed = new TaskCompletionSource();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            failed.SetResult();
            throw new TestAppException("unnoticed");
        };
        await using var client = new TestClient(app);
        var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);
        await failed.Task.WaitAsync(Timeout);

        var failure = await Assert.ThrowsAsync<TestAppException>(() => socket.DisposeAsync().AsTask().WaitAsync(Timeout));

        Assert.Equal("unnoticed", failure.Message);
    }

    [Fact]
    public async Task An_exception_after_the_test_closed_is_raised_by_dispose()
    {
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            await receive();
            throw new TestAppException("cleanup failed");
        };
        await using var client = new TestClient(app);
        var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(Timeout);

        // Dispose waits for the app to return, so its failure cannot be missed.
        var failure = Assert.Throws<TestAppException>(socket.Dispose);

        Assert.Equal("cleanup failed", failure.Message);
    }

    [Fact]
    public async Task Client_disconnected_propagating_from_the_app_is_not_raised()
    {
        var stopped = new TaskCompletionSource();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            try
            {
                while (true)
                {
                    await send(new WebSocketSend("tick"));
                }
            }
            finally
            {
                stopped.SetResult();
            }
        };
        await using var client = new TestClient(app);
        var socket = await client.ConnectWebSocketAsync("/ws", new TestWebSocketOptions { MessageQueueCapacity = 2 }).WaitAsync(Timeout);

        Assert.Equal("tick", await socket.ReceiveTextAsync().WaitAsync(Timeout));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(Timeout);
        await stopped.Task.WaitAsync(Timeout);

        await socket.DisposeAsync().AsTask().WaitAsync(Timeout);
    }

    [Fact]
    public async Task Abort_gives_the_app_1006_after_the_messages_already_sent()
    {
        var received = new TaskCompletionSource<(string Text, int Code)>();
        var release = new TaskCompletionSource();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            await release.Task.WaitAsync(Timeout);
            var text = ((WebSocketReceive)await receive()).Text!;
            var disconnect = (WebSocketDisconnect)await receive();
            received.SetResult((text, disconnect.Code));
        };
        await using var client = new TestClient(app);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        await socket.SendTextAsync("queued");
        socket.Abort();
        release.SetResult();

        Assert.Equal(("queued", 1006), await received.Task.WaitAsync(Timeout));
        Assert.Equal(WebSocketState.Aborted, socket.State);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.SendTextAsync("dead").AsTask());
    }

    [Fact]
    public async Task Disposing_before_closing_gives_the_app_1006()
    {
        var disconnect = new TaskCompletionSource<int>();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            disconnect.SetResult(((WebSocketDisconnect)await receive()).Code);
        };
        await using var client = new TestClient(app);
        var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        socket.Dispose();

        Assert.Equal(1006, await disconnect.Task.WaitAsync(Timeout));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => socket.ReceiveMessageAsync());
    }

    [Fact]
    public async Task Disposing_the_client_drops_its_websockets()
    {
        var disconnect = new TaskCompletionSource<int>();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            disconnect.SetResult(((WebSocketDisconnect)await receive()).Code);
        };
        var client = new TestClient(app);
        using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        await client.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal(1006, await disconnect.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Invalid_utf8_text_fails_the_connection_with_1007()
    {
        var disconnect = new TaskCompletionSource<int>();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            disconnect.SetResult(Assert.IsType<WebSocketDisconnect>(await receive()).Code);
        };
        await using var client = new TestClient(app);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        await socket.SendAsync(new byte[] { 0xC3, 0x28 }, WebSocketMessageType.Text, true, CancellationToken.None);

        Assert.Equal(1007, await disconnect.Task.WaitAsync(Timeout));
        Assert.Equal(1007, Assert.IsType<WebSocketClose>(await socket.ReceiveMessageAsync().WaitAsync(Timeout)).Code);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, socket.CloseStatus);
    }

    [Fact]
    public async Task A_message_above_the_limit_fails_the_connection_with_1009()
    {
        var disconnect = new TaskCompletionSource<int>();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            disconnect.SetResult(Assert.IsType<WebSocketDisconnect>(await receive()).Code);
        };
        await using var client = new TestClient(app);
        await using var socket = await client.ConnectWebSocketAsync("/ws", new TestWebSocketOptions { MaxMessageSize = 10 }).WaitAsync(Timeout);

        await socket.SendAsync(new byte[6], WebSocketMessageType.Binary, false, CancellationToken.None);
        await socket.SendAsync(new byte[6], WebSocketMessageType.Binary, true, CancellationToken.None);

        Assert.Equal(1009, await disconnect.Task.WaitAsync(Timeout));
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, (await socket.ReceiveAsync(new ArraySegment<byte>(new byte[1]), CancellationToken.None)).CloseStatus);
    }

    [Fact]
    public async Task Overlapping_receives_of_the_app_fail_the_test()
    {
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            var first = receive();
            await receive();
            await first;
        };
        await using var client = new TestClient(app);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => socket.ReceiveMessageAsync().WaitAsync(Timeout));

        Assert.Contains("'receive' was called while another call to it had not completed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_after_closing_is_a_violation()
    {
        var closeSeen = new TaskCompletionSource();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            await send(new WebSocketClose());
            await closeSeen.Task.WaitAsync(Timeout);
            await send(new WebSocketSend("after close"));
        };
        await using var client = new TestClient(app);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        Assert.Equal(1000, Assert.IsType<WebSocketClose>(await socket.ReceiveMessageAsync().WaitAsync(Timeout)).Code);
        closeSeen.SetResult();
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => socket.DisposeAsync().AsTask().WaitAsync(Timeout));

        Assert.Contains("after the connection was closed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Close_while_another_task_receives_completes_through_that_receive()
    {
        await using var client = new TestClient(Apps.WebSocketEcho);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        var receiving = socket.ReceiveAsync(new byte[16].AsMemory(), CancellationToken.None).AsTask();
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(WebSocketMessageType.Close, (await receiving.WaitAsync(Timeout)).MessageType);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Theory]
    [InlineData(1006)]
    [InlineData(1015)]
    [InlineData(999)]
    [InlineData(5000)]
    public async Task Close_codes_that_only_describe_local_events_cannot_be_sent(int code)
    {
        await using var client = new TestClient(Apps.WebSocketEcho);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        await Assert.ThrowsAsync<ArgumentException>(() => socket.CloseAsync((WebSocketCloseStatus)code, null, CancellationToken.None));
        Assert.Equal(WebSocketState.Open, socket.State);
    }
}