namespace Gateway;

/// <summary>
/// <c>websocket.receive</c>: one complete message from the client, from <see cref="Receive"/> (fragments are reassembled
/// by the server). Either text (<see cref="IsText"/>, valid UTF-8) or binary.
/// </summary>
/// <remarks><see cref="Data"/> may point into a server buffer: it is valid until the next call to <see cref="Receive"/>.
/// <see cref="Text"/> is a string of its own.</remarks>
public sealed class WebSocketReceive : Message
{
    private readonly WebSocketPayload _payload;

    /// <summary>Creates a text message.</summary>
    /// <param name="text">The text.</param>
    public WebSocketReceive(string text)
        : this(WebSocketPayload.FromText(text))
    {
    }

    /// <summary>Creates a binary message.</summary>
    /// <param name="bytes">The payload.</param>
    public WebSocketReceive(ReadOnlyMemory<byte> bytes)
        : this(WebSocketPayload.FromBytes(bytes))
    {
    }

    private WebSocketReceive(WebSocketPayload payload)
        : base(MessageType.WebSocketReceive) => _payload = payload;

    /// <summary>Whether this is a text message.</summary>
    public bool IsText => _payload.IsText;

    /// <summary>The text of a text message (decoded once, on first use); <see langword="null"/> for a binary message.</summary>
    public string? Text => _payload.Text;

    /// <summary>The payload: the bytes of a binary message, or the UTF-8 bytes of a text message.</summary>
    public ReadOnlyMemory<byte> Data => _payload.Data;

    /// <summary>Creates a text message from UTF-8 bytes without copying or decoding them.</summary>
    /// <param name="utf8">The text as UTF-8. The caller, a server, guarantees it is valid: RFC 6455 requires a server to
    /// fail the connection with 1007 on invalid UTF-8 instead of delivering it.</param>
    /// <returns>The message.</returns>
    public static WebSocketReceive FromUtf8Text(ReadOnlyMemory<byte> utf8) => new(WebSocketPayload.FromUtf8Text(utf8));
}