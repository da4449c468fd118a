namespace Gateway.Server.Protocol.WebSockets;

/// <summary>What <see cref="WebSocketFrameReader.Read"/> found. Protocol violations are not events: they throw
/// <see cref="WebSocketProtocolException"/>.</summary>
internal enum WebSocketFrameEvent
{
    /// <summary>The input is used up; read more and call again (not an error).</summary>
    NeedMoreData,

    /// <summary>A text message is complete: the destination holds it as valid UTF-8.</summary>
    TextMessage,

    /// <summary>A binary message is complete: the destination holds it.</summary>
    BinaryMessage,

    /// <summary>A ping: answer with a pong carrying <see cref="WebSocketFrameReader.ControlPayload"/>.</summary>
    Ping,

    /// <summary>A pong (an answer to a ping, or a heartbeat): <see cref="WebSocketFrameReader.ControlPayload"/>.</summary>
    Pong,

    /// <summary>A close frame: <see cref="WebSocketFrameReader.CloseCode"/> and <see cref="WebSocketFrameReader.CloseReason"/>.
    /// Answer with a close frame (echoing the code) unless one was sent already, then close the transport. The reader
    /// discards anything received after it.</summary>
    Close,
}