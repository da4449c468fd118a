using System.Text.Unicode;

namespace Gateway;

/// <summary>
/// <c>websocket.send</c>: one complete message to the client, allowed after <see cref="WebSocketAccept"/>. Either text
/// or binary. Immutable, so one instance can be broadcast to many connections; text is encoded to UTF-8 only once.
/// </summary>
public sealed class WebSocketSend : Message
{
    private readonly WebSocketPayload _payload;

    /// <summary>Creates a text message.</summary>
    /// <param name="text">The text.</param>
    public WebSocketSend(string text)
        : this(WebSocketPayload.FromText(text))
    {
    }

    /// <summary>Creates a binary message.</summary>
    /// <param name="bytes">The payload; the server copies it before <see cref="Send"/> completes.</param>
    public WebSocketSend(ReadOnlyMemory<byte> bytes)
        : this(WebSocketPayload.FromBytes(bytes))
    {
    }

    private WebSocketSend(WebSocketPayload payload)
        : base(MessageType.WebSocketSend) => _payload = payload;

    /// <summary>Whether this is a text message.</summary>
    public bool IsText => _payload.IsText;

    /// <summary>The text of a text message; <see langword="null"/> for a binary message.</summary>
    public string? Text => _payload.Text;

    /// <summary>The payload: the bytes of a binary message, or the UTF-8 bytes of a text message.</summary>
    public ReadOnlyMemory<byte> Data => _payload.Data;

    /// <summary>Creates a text message from UTF-8 bytes, without decoding them.</summary>
    /// <param name="utf8">The text as UTF-8.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentException"><paramref name="utf8"/> is not valid UTF-8, which a WebSocket peer must reject.</exception>
    public static WebSocketSend FromUtf8Text(ReadOnlyMemory<byte> utf8)
    {
        if (!Utf8.IsValid(utf8.Span))
        {
            throw new ArgumentException("A WebSocket text message must be valid UTF-8.", nameof(utf8));
        }

        return new WebSocketSend(WebSocketPayload.FromUtf8Text(utf8));
    }
}