namespace Gateway.ServerKit;

// The messages a WebSocket app may send (ASGI websocket spec 2.4, with the denial response extension). Anything not in
// this table throws InvalidOperationException from send.
//
//   phase              message                                           next phase
//   -----------------  ------------------------------------------------  -----------------
//   Connecting         websocket.accept                                  Open
//   Connecting         websocket.close                                   Closed  (server answers 403)
//   Connecting         websocket.http.response.start  (DenialResponse)   SendingDenialBody
//   SendingDenialBody  websocket.http.response.body   more_body = true   SendingDenialBody
//   SendingDenialBody  websocket.http.response.body   more_body = false  Closed
//   Open               websocket.send                                    Open
//   Open               websocket.close                                   Closed
//
// A client that has gone is the server's business, checked after validation: send then throws
// ClientDisconnectedException.

/// <summary>
/// Enforces the order of the messages an app sends in a WebSocket scope, for servers (and test clients) implementing
/// the contract. One instance tracks one connection.
/// </summary>
/// <remarks>Not thread-safe: the contract forbids overlapping <see cref="Send"/> calls within a scope.</remarks>
public sealed class WebSocketSendValidator
{
    private readonly bool _denialResponse;

    /// <summary>Creates a validator for one connection.</summary>
    /// <param name="denialResponse">Whether the scope offers <see cref="IWebSocketDenialResponseCapability"/>.</param>
    public WebSocketSendValidator(bool denialResponse) => _denialResponse = denialResponse;

    /// <summary>Where the connection stands.</summary>
    public WebSocketPhase Phase { get; private set; }

    /// <summary>Checks that <paramref name="message"/> may be sent now and moves to the phase it leads to.</summary>
    /// <param name="message">The message the app is sending.</param>
    /// <exception cref="InvalidOperationException">The message is not allowed now; the phase is unchanged.</exception>
    public void Advance(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Phase = (Phase, message) switch
        {
            (WebSocketPhase.Connecting, WebSocketAccept) => WebSocketPhase.Open,
            (WebSocketPhase.Connecting, WebSocketClose) => WebSocketPhase.Closed,
            (WebSocketPhase.Connecting, WebSocketHttpResponseStart) when _denialResponse => WebSocketPhase.SendingDenialBody,
            (WebSocketPhase.SendingDenialBody, WebSocketHttpResponseBody { MoreBody: true }) => WebSocketPhase.SendingDenialBody,
            (WebSocketPhase.SendingDenialBody, WebSocketHttpResponseBody) => WebSocketPhase.Closed,
            (WebSocketPhase.Open, WebSocketSend) => WebSocketPhase.Open,
            (WebSocketPhase.Open, WebSocketClose) => WebSocketPhase.Closed,
            _ => throw NotAllowed(message),
        };
    }

    private InvalidOperationException NotAllowed(Message message)
    {
        if (message.Type is not (MessageType.WebSocketAccept or MessageType.WebSocketClose or MessageType.WebSocketSend
            or MessageType.WebSocketHttpResponseStart or MessageType.WebSocketHttpResponseBody))
        {
            return new InvalidOperationException($"'{message.Name}' is not a message an app can send in a websocket scope.");
        }

        return new InvalidOperationException((Phase, message.Type) switch
        {
            (WebSocketPhase.Connecting, MessageType.WebSocketHttpResponseStart) =>
                "Cannot send 'websocket.http.response.start': this scope does not offer IWebSocketDenialResponseCapability; refuse with 'websocket.close' instead.",
            (WebSocketPhase.Connecting, _) => $"Cannot send '{message.Name}' before the handshake is answered with 'websocket.accept'.",
            (WebSocketPhase.SendingDenialBody, _) => $"Cannot send '{message.Name}' while the denial response body is being sent.",
            (WebSocketPhase.Open, _) => $"Cannot send '{message.Name}': the connection has already been accepted.",
            _ => $"Cannot send '{message.Name}' after the connection was closed.",
        });
    }
}