namespace Gateway.Server.Protocol.WebSockets;

/// <summary>
/// The peer broke RFC 6455 or RFC 7692, or exceeded a limit: the connection must be failed by sending a close frame with
/// <see cref="CloseCode"/> (and <see cref="Exception.Message"/> as its reason) and then closing the transport.
/// </summary>
/// <remarks>
/// Thrown by <see cref="WebSocketFrameReader.Read"/> (through <see cref="WebSocketThrowHelper"/>) instead of returning an
/// error status: a failure ends the connection, so it is rare, and keeping it out of the return type keeps the hot loop
/// simple. The message is short ASCII, always within the 123 bytes a close reason may take.
/// </remarks>
internal sealed class WebSocketProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="closeCode">The close code to send: 1002, 1007 or 1009.</param>
    /// <param name="reason">Why, as ASCII of at most 123 bytes; it becomes the close frame's reason.</param>
    public WebSocketProtocolException(int closeCode, string reason)
        : base(reason)
    {
        CloseCode = closeCode;
    }

    /// <summary>Creates the exception with the protocol error code (1002).</summary>
    public WebSocketProtocolException()
        : this(WebSocketCloseCode.ProtocolError, "WebSocket protocol error")
    {
    }

    /// <summary>Creates the exception with the protocol error code (1002).</summary>
    /// <param name="message">Why.</param>
    public WebSocketProtocolException(string message)
        : this(WebSocketCloseCode.ProtocolError, message)
    {
    }

    /// <summary>Creates the exception with the protocol error code (1002).</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The cause.</param>
    public WebSocketProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        CloseCode = WebSocketCloseCode.ProtocolError;
    }

    /// <summary>The close code to send to the peer.</summary>
    public int CloseCode { get; }
}