namespace Gateway;

/// <summary><c>websocket.accept</c>: completes the handshake (101 Switching Protocols). After it, messages flow both ways.</summary>
public sealed class WebSocketAccept : Message
{
    /// <summary>Accepts without a subprotocol or extra headers.</summary>
    public static WebSocketAccept Default { get; } = new();

    /// <summary>Creates an accept message.</summary>
    /// <param name="subprotocol">The chosen subprotocol, one of <see cref="Scope.Subprotocols"/>, or none.</param>
    /// <param name="headers">Extra handshake response headers (not the ones the server owns, such as
    /// <c>sec-websocket-accept</c>), or none.</param>
    /// <exception cref="ArgumentException"><paramref name="subprotocol"/> is empty or not a token.</exception>
    public WebSocketAccept(string? subprotocol = null, Headers? headers = null)
        : base(MessageType.WebSocketAccept)
    {
        if (subprotocol is not null && !HeadersBuilder.IsValidName(System.Text.Encoding.Latin1.GetBytes(subprotocol)))
        {
            throw new ArgumentException($"'{subprotocol}' is not a valid subprotocol: subprotocols are RFC 9110 tokens.", nameof(subprotocol));
        }

        Subprotocol = subprotocol;
        Headers = headers ?? Headers.Empty;
    }

    /// <summary>The chosen subprotocol, or <see langword="null"/>.</summary>
    public string? Subprotocol { get; }

    /// <summary>Extra handshake response headers.</summary>
    public Headers Headers { get; }
}