using System.Net;

namespace Gateway.Testing;

/// <summary>
/// Thrown by <see cref="TestClient.ConnectWebSocketAsync"/> when the app refuses the handshake: with
/// <see cref="WebSocketClose"/> before accepting (status 403, as servers answer it), with a denial response
/// (<see cref="WebSocketHttpResponseStart"/> and its body), or, when app exceptions are not raised, by failing before
/// accepting (status 500).
/// </summary>
/// <remarks>
/// An <see cref="HttpRequestException"/> whose <see cref="HttpRequestException.StatusCode"/> is the status, because a
/// refused handshake is an ordinary HTTP response instead of <c>101 Switching Protocols</c>.
/// (<see cref="System.Net.WebSockets.WebSocketException"/>, which <c>ClientWebSocket</c> throws, is sealed.) Immutable.
/// </remarks>
public sealed class WebSocketDeniedException : HttpRequestException
{
    /// <summary>Creates the exception with a default message, status 403 and no headers or body.</summary>
    public WebSocketDeniedException()
        : this("The app denied the WebSocket handshake.")
    {
    }

    /// <summary>Creates the exception with a message, status 403 and no headers or body.</summary>
    /// <param name="message">Why the handshake failed.</param>
    public WebSocketDeniedException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception with a message and a cause, status 403 and no headers or body.</summary>
    /// <param name="message">Why the handshake failed.</param>
    /// <param name="innerException">The cause, if any.</param>
    public WebSocketDeniedException(string message, Exception? innerException)
        : base(message, innerException, HttpStatusCode.Forbidden)
    {
        Status = (int)HttpStatusCode.Forbidden;
        Headers = Headers.Empty;
    }

    /// <summary>Creates the exception for a denial response.</summary>
    /// <param name="status">The response status.</param>
    /// <param name="headers">The response headers.</param>
    /// <param name="body">The response body; the exception keeps it.</param>
    public WebSocketDeniedException(int status, Headers headers, ReadOnlyMemory<byte> body)
        : base($"The app denied the WebSocket handshake with status {status} instead of accepting it.", null, (HttpStatusCode)status)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Status = status;
        Headers = headers;
        Body = body;
    }

    /// <summary>The status the handshake was answered with: 403 for a <see cref="WebSocketClose"/>, 500 for an app that
    /// failed, or the denial response's own.</summary>
    public int Status { get; }

    /// <summary>The denial response's headers (empty unless the app sent a denial response).</summary>
    public Headers Headers { get; }

    /// <summary>The denial response's body (empty unless the app sent one with a body).</summary>
    public ReadOnlyMemory<byte> Body { get; }
}