namespace Gateway;

/// <summary>
/// <c>websocket.http.response.start</c>: refuses the handshake with an ordinary HTTP response of any status (401 with a
/// <c>www-authenticate</c> header, for example), instead of accepting. Allowed only before <see cref="WebSocketAccept"/>
/// and when the scope offers <see cref="IWebSocketDenialResponseCapability"/>; the body follows in
/// <see cref="WebSocketHttpResponseBody"/> messages.
/// </summary>
public sealed class WebSocketHttpResponseStart : Message
{
    /// <summary>Creates a denial response start.</summary>
    /// <param name="status">The status code, 200 to 599.</param>
    /// <param name="headers">The response headers, or none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not a final status.</exception>
    public WebSocketHttpResponseStart(int status, Headers? headers = null)
        : base(MessageType.WebSocketHttpResponseStart)
    {
        Status = CheckStatus(status, nameof(status));
        Headers = headers ?? Headers.Empty;
    }

    /// <summary>The status code.</summary>
    public int Status { get; }

    /// <summary>The response headers.</summary>
    public Headers Headers { get; }
}