namespace Gateway;

/// <summary>
/// <c>websocket.close</c>: closes the connection. Before <see cref="WebSocketAccept"/> it refuses the handshake (403);
/// after, the server sends a close frame, waits a bounded time for the client's, and the scope ends.
/// </summary>
public sealed class WebSocketClose : Message
{
    /// <summary>A normal closure (1000) without a reason.</summary>
    public static WebSocketClose Normal { get; } = new();

    /// <summary>Creates a close message.</summary>
    /// <param name="code">The close code: 1000-1003, 1007-1014 or 3000-4999 (application codes).</param>
    /// <param name="reason">A reason of at most 123 bytes of UTF-8, or none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> may not be sent (1004-1006 and 1015 are reserved).</exception>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is too long.</exception>
    public WebSocketClose(int code = 1000, string? reason = null)
        : base(MessageType.WebSocketClose)
    {
        if (!WebSocketCloseCodes.IsSendable(code))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "Close codes that may be sent are 1000-1003, 1007-1014 and 3000-4999.");
        }

        Code = code;
        Reason = WebSocketCloseCodes.CheckReason(reason, nameof(reason));
    }

    /// <summary>The close code.</summary>
    public int Code { get; }

    /// <summary>The close reason (empty when none).</summary>
    public string Reason { get; }
}