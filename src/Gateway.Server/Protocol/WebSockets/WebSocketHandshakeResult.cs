namespace Gateway.Server.Protocol.WebSockets;

/// <summary>
/// The outcome of <see cref="WebSocketHandshake.Validate"/>: either a valid upgrade request (status 101) with what the
/// connection needs to build the scope and answer, or the error status to refuse it with.
/// </summary>
internal readonly struct WebSocketHandshakeResult
{
    private readonly string[]? _subprotocols;

    private WebSocketHandshakeResult(int statusCode, string? error, ReadOnlyMemory<byte> key, string[] subprotocols, PerMessageDeflateParameters? deflate)
    {
        StatusCode = statusCode;
        Error = error;
        Key = key;
        _subprotocols = subprotocols;
        Deflate = deflate;
    }

    /// <summary>101 when the request is a valid upgrade; otherwise 400, 403 or 426, the status to refuse it with.</summary>
    public int StatusCode { get; }

    /// <summary>Whether the request is a valid upgrade.</summary>
    public bool IsValid => StatusCode == 101;

    /// <summary>Why the request was refused (short ASCII, fit for a log line or a response body), or
    /// <see langword="null"/>.</summary>
    public string? Error { get; }

    /// <summary>The <c>Sec-WebSocket-Key</c> value (24 bytes of base64), pointing into the request headers.</summary>
    public ReadOnlyMemory<byte> Key { get; }

    /// <summary>The subprotocols offered, in the client's order (for <c>Scope.Subprotocols</c>); empty when none.</summary>
    public IReadOnlyList<string> Subprotocols => _subprotocols ?? [];

    /// <summary>The permessage-deflate parameters negotiated, or <see langword="null"/> when messages are not compressed.
    /// Pass them to the connection's <see cref="WebSocketFrameReader"/> and <see cref="WebSocketFrameWriter"/>.</summary>
    public PerMessageDeflateParameters? Deflate { get; }

    internal static WebSocketHandshakeResult Accept(ReadOnlyMemory<byte> key, string[] subprotocols, PerMessageDeflateParameters? deflate) =>
        new(101, null, key, subprotocols, deflate);

    internal static WebSocketHandshakeResult Reject(int statusCode, string error) => new(statusCode, error, default, [], null);
}