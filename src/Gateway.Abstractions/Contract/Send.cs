namespace Gateway;

/// <summary>
/// Sends an outgoing event of the current scope: response start, body and trailers, WebSocket accept, send and close,
/// or a lifespan result.
/// </summary>
/// <param name="message">The event. It must be valid for the scope type and the state of the exchange.</param>
/// <param name="cancellationToken">Cancels waiting for the transport (backpressure).</param>
/// <returns>
/// A task that completes when the server has taken the message: its buffers may be reused as soon as it completes.
/// It waits while the client reads slowly, which is how an app sees backpressure.
/// </returns>
/// <exception cref="InvalidOperationException">The message is not allowed for this scope or in the current state.</exception>
/// <exception cref="ClientDisconnectedException">The client has gone; the message was dropped.</exception>
public delegate ValueTask Send(Message message, CancellationToken cancellationToken = default);