using System.Net.WebSockets;
using System.Text;

namespace Gateway.Testing.Tests;

public class WebSocketMessageTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    [Fact]
    public async Task Text_and_binary_messages_are_echoed()
    {
        await using var client = new TestClient(Apps.WebSocketEcho);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        await socket.SendTextAsync("héllo");
        Assert.Equal("héllo", await socket.ReceiveTextAsync().WaitAsync(Timeout));
        await socket.SendBytesAsync(new byte[] { 1, 2, 3 });
        Assert.Equal([1, 2, 3], await socket.ReceiveBytesAsync().WaitAsync(Timeout));

        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task Fragments_reach_the_app_as_one_message()
    {
        var received = new TaskCompletionSource<WebSocketReceive>();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            received.SetResult(Assert.IsType<WebSocketReceive>(await receive()));
            await receive();
        };
        await using var client = new TestClient(app);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        await socket.SendAsync(Encoding.UTF8.GetBytes("frag"), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("men"), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        Assert.False(received.Task.IsCompleted);
        await socket.SendAsync(Encoding.UTF8.GetBytes("ted €"), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

        var message = await received.Task.WaitAsync(Timeout);
        Assert.True(message.IsText);
        Assert.Equal("fragmented €", message.Text);
    }

    [Fact]
    public async Task Fragmented_binary_is_echoed_whole()
    {
        var payload = Apps.RandomBytes(1000);
        await using var client = new TestClient(Apps.WebSocketEcho);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        await socket.SendAsync(payload.AsMemory(0, 600), WebSocketMessageType.Binary, endOfMessage: false, CancellationToken.None);
        await socket.SendAsync(payload.AsMemory(600), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);

        var echoed = Assert.IsType<WebSocketSend>(await socket.ReceiveMessageAsync().WaitAsync(Timeout));
        Assert.False(echoed.IsText);
        Assert.Equal(payload, echoed.Data.ToArray());
    }

    [Fact]
    public async Task A_message_larger_than_the_receive_buffer_is_read_in_parts()
    {
        var payload = Apps.RandomBytes(100_000);
        await using var client = new TestClient(Apps.WebSocketEcho);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);
        await socket.SendBytesAsync(payload);

        var received = new MemoryStream();
        var buffer = new byte[4096];
        var parts = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).AsTask().WaitAsync(Timeout);
            Assert.Equal(WebSocketMessageType.Binary, result.MessageType);
            received.Write(buffer, 0, result.Count);
            parts++;
        }
        while (!result.EndOfMessage);

        Assert.Equal(payload, received.ToArray());
        Assert.Equal((100_000 + 4095) / 4096, parts);
    }

    [Fact]
    public async Task The_array_segment_api_reports_text_parts()
    {
        await using var client = new TestClient(Apps.WebSocketEcho);
        using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);
        await socket.SendAsync(new ArraySegment<byte>(Encoding.UTF8.GetBytes("abcdef")), WebSocketMessageType.Text, true, CancellationToken.None);

        var buffer = new byte[4];
        var first = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal((4, WebSocketMessageType.Text, false), (first.Count, first.MessageType, first.EndOfMessage));
        var second = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal((2, WebSocketMessageType.Text, true), (second.Count, second.MessageType, second.EndOfMessage));
        Assert.Equal("ef", Encoding.UTF8.GetString(buffer, 0, 2));
    }

    [Fact]
    public async Task Whole_message_helpers_refuse_a_partly_read_message_and_the_wrong_type()
    {
        await using var client = new TestClient(Apps.WebSocketEcho);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        await socket.SendBytesAsync(new byte[] { 1, 2, 3 });
        var wrongType = await Assert.ThrowsAsync<WebSocketException>(() => socket.ReceiveTextAsync().WaitAsync(Timeout));
        Assert.Equal(WebSocketError.InvalidMessageType, wrongType.WebSocketErrorCode);

        await socket.SendTextAsync("abc");
        await socket.ReceiveAsync(new byte[1].AsMemory(), CancellationToken.None).AsTask().WaitAsync(Timeout);
        await Assert.ThrowsAsync<InvalidOperationException>(() => socket.ReceiveMessageAsync().WaitAsync(Timeout));
    }

    [Fact]
    public async Task The_app_may_reuse_its_buffer_once_send_returns()
    {
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            var buffer = "first"u8.ToArray();
            await send(new WebSocketSend(buffer));
            "XXXXX"u8.CopyTo(buffer);
            await send(WebSocketSend.FromUtf8Text(buffer));
            await receive();
        };
        await using var client = new TestClient(app);
        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        Assert.Equal("first"u8.ToArray(), await socket.ReceiveBytesAsync().WaitAsync(Timeout));
        Assert.Equal("XXXXX", await socket.ReceiveTextAsync().WaitAsync(Timeout));
    }

    [Fact]
    public async Task The_tests_sends_wait_while_the_apps_queue_is_full()
    {
        var receiveNow = new TaskCompletionSource();
        var received = new TaskCompletionSource<string>();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            await receiveNow.Task.WaitAsync(Timeout);
            var first = (WebSocketReceive)await receive();
            var second = (WebSocketReceive)await receive();
            received.SetResult(first.Text + second.Text);
            await receive();
        };
        await using var client = new TestClient(app);
        await using var socket = await client.ConnectWebSocketAsync("/ws", new TestWebSocketOptions { MessageQueueCapacity = 1 }).WaitAsync(Timeout);

        await socket.SendTextAsync("1").AsTask().WaitAsync(Timeout);
        var second = socket.SendTextAsync("2");
        Assert.False(second.IsCompleted);
        receiveNow.SetResult();

        await second.AsTask().WaitAsync(Timeout);
        Assert.Equal("12", await received.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task The_apps_sends_wait_while_the_test_does_not_receive()
    {
        var secondSendCompletedAtOnce = new TaskCompletionSource<bool>();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            await send(new WebSocketSend("1"));
            var second = send(new WebSocketSend("2"));
            secondSendCompletedAtOnce.SetResult(second.IsCompleted);
            await second;
            await receive();
        };
        await using var client = new TestClient(app);
        await using var socket = await client.ConnectWebSocketAsync("/ws", new TestWebSocketOptions { MessageQueueCapacity = 1 }).WaitAsync(Timeout);

        Assert.False(await secondSendCompletedAtOnce.Task.WaitAsync(Timeout));
        Assert.Equal("1", await socket.ReceiveTextAsync().WaitAsync(Timeout));
        Assert.Equal("2", await socket.ReceiveTextAsync().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Overlapping_sends_or_receives_of_the_test_are_refused_as_by_any_websocket()
    {
        var release = new TaskCompletionSource();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            await release.Task.WaitAsync(Timeout);
        };
        await using var client = new TestClient(app);
        await using var socket = await client.ConnectWebSocketAsync("/ws", new TestWebSocketOptions { MessageQueueCapacity = 1 }).WaitAsync(Timeout);

        var pendingReceive = socket.ReceiveMessageAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => socket.ReceiveMessageAsync());
        await socket.SendTextAsync("fills the queue");
        var pendingSend = socket.SendTextAsync("waits");
        await Assert.ThrowsAsync<InvalidOperationException>(() => socket.SendTextAsync("overlaps").AsTask());

        Assert.False(pendingReceive.IsCompleted);
        Assert.False(pendingSend.IsCompleted);
        release.SetResult();
        Assert.Equal(1000, Assert.IsType<WebSocketClose>(await pendingReceive.WaitAsync(Timeout)).Code);
        await pendingSend.AsTask().WaitAsync(Timeout);
    }
}