namespace Gateway;

/// <summary>
/// Waits for the next incoming event of the current scope: an <see cref="HttpRequest"/> body chunk, a
/// <see cref="WebSocketReceive"/> message, a lifespan event, or a disconnect.
/// </summary>
/// <param name="cancellationToken">Cancels the wait. A cancelled call loses no event: the next call returns it.</param>
/// <returns>The next event. Calls must not overlap; each returned message's buffers are valid until the next call.</returns>
/// <remarks>
/// After the request body is complete, after the response is complete, or once the client has gone, every further call
/// returns <see cref="HttpDisconnect.Instance"/> (HTTP) or a <see cref="WebSocketDisconnect"/> (WebSocket) instead of
/// throwing, so an app can always tell "the client left" from "the client is slow".
/// </remarks>
public delegate ValueTask<Message> Receive(CancellationToken cancellationToken = default);