namespace Gateway.Benchmarks.Endpoints;

/// <summary><c>WS /ws/echo</c>: accepts the connection and sends every text and binary message back as it came.</summary>
internal static class WebSocketEchoEndpoint
{
    /// <summary>Runs one WebSocket connection until the client disconnects.</summary>
    /// <param name="receive">The connection's receive.</param>
    /// <param name="send">The connection's send.</param>
    /// <returns>A task that completes when the client has disconnected.</returns>
    public static async ValueTask HandleAsync(Receive receive, Send send)
    {
        if (await receive().ConfigureAwait(false) is not WebSocketConnect)
        {
            return;
        }

        await send(WebSocketAccept.Default).ConfigureAwait(false);
        while (await receive().ConfigureAwait(false) is WebSocketReceive message)
        {
            // The message's data stays valid until the next receive, and the send completes before it.
            var echo = message.IsText ? WebSocketSend.FromUtf8Text(message.Data) : new WebSocketSend(message.Data);
            await send(echo).ConfigureAwait(false);
        }
    }

    /// <summary>Refuses a WebSocket connection to a path that has none: closing before accepting is a 403.</summary>
    /// <param name="send">The connection's send.</param>
    /// <returns>A task that completes when the refusal was sent.</returns>
    public static ValueTask RefuseAsync(Send send) => send(WebSocketClose.Normal);
}