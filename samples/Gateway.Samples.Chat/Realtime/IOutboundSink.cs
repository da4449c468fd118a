namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// Where a connection's outbound frames go: the WebSocket layer implements it over its socket; tests over a list.
/// <see cref="WriteAsync"/> is called by one pump at a time, in queue order.
/// </summary>
internal interface IOutboundSink
{
    /// <summary>Writes one JSON text frame; returning means it was handed to the transport. Throws when the peer is gone.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the transport to close the connection (for a slow consumer, with a close code telling the client to
    /// resume). Called at most once, from any thread; must not block.
    /// </summary>
    void RequestDisconnect(DisconnectReason reason);
}