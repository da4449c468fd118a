namespace Gateway;

/// <summary>
/// <c>websocket.connect</c>: the first message of a WebSocket scope, from <see cref="Receive"/>. The app answers with
/// <see cref="WebSocketAccept"/>, with <see cref="WebSocketClose"/> (the server then refuses the handshake with 403), or,
/// when the scope offers <see cref="IWebSocketDenialResponseCapability"/>, with a
/// <see cref="WebSocketHttpResponseStart"/> denial response.
/// </summary>
public sealed class WebSocketConnect : Message
{
    private WebSocketConnect()
        : base(MessageType.WebSocketConnect)
    {
    }

    /// <summary>The message.</summary>
    public static WebSocketConnect Instance { get; } = new();
}