using Gateway.Samples.Chat.Realtime;

namespace Gateway.Samples.Chat.Tests.Realtime;

/// <summary>The hub's disconnect reasons become close codes; the first close request wins; frames go out as text.</summary>
public sealed class SocketSinkTests
{
    [Theory]
    [InlineData((int)DisconnectReason.SlowConsumer, 1013)]
    [InlineData((int)DisconnectReason.Resync, 4000)]
    [InlineData((int)DisconnectReason.ServerShutdown, 1001)]
    public void A_hub_disconnect_requests_its_close_code_once(int reason, int code)
    {
        var sent = new List<Message>();
        using var sink = new SocketSink((message, _) => { sent.Add(message); return ValueTask.CompletedTask; });
        sink.RequestDisconnect((DisconnectReason)reason);
        sink.RequestClose(ChatCloseCodes.Unauthorized, "later");

        Assert.True(sink.Closing.IsCancellationRequested);
        Assert.Equal(code, sink.RequestedClose!.Value.Code);
        Assert.Empty(sent); // the session sends the close, after draining
    }

    [Fact]
    public async Task Frames_are_text_and_nothing_is_written_after_the_close()
    {
        var sent = new List<Message>();
        using var sink = new SocketSink((message, _) => { sent.Add(message); return ValueTask.CompletedTask; });
        await sink.WriteAsync("""{"type":"pong"}"""u8.ToArray(), CancellationToken.None);
        await sink.CloseAsync(1001, "bye");
        await sink.CloseAsync(1000, "twice");
        await Assert.ThrowsAsync<IOException>(async () => await sink.WriteAsync("{}"u8.ToArray(), CancellationToken.None));

        Assert.Collection(sent,
            m => Assert.Equal("""{"type":"pong"}""", Assert.IsType<WebSocketSend>(m).Text),
            m => Assert.Equal(1001, Assert.IsType<WebSocketClose>(m).Code));
    }
}