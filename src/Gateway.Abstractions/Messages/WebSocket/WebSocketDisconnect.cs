namespace Gateway;

/// <summary>
/// <c>websocket.disconnect</c>: the connection is over, from <see cref="Receive"/>: the client sent a close frame (its code,
/// or 1005 when it gave none), the connection dropped (1006), or the server closed it (its code). Every later call returns
/// a disconnect again.
/// </summary>
public sealed class WebSocketDisconnect : Message
{
    /// <summary>Creates a disconnect message.</summary>
    /// <param name="code">The close code received, 1005 when the close frame had none, 1006 when the connection dropped.</param>
    /// <param name="reason">The close reason received (empty when none).</param>
    public WebSocketDisconnect(int code, string? reason = null)
        : base(MessageType.WebSocketDisconnect)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(code);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 4999);
        Code = code;
        Reason = reason ?? string.Empty;
    }

    /// <summary>The close code.</summary>
    public int Code { get; }

    /// <summary>The close reason (empty when none).</summary>
    public string Reason { get; }
}