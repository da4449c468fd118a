using Gateway.Server.Connection;
using Gateway.Server.Transport;

namespace Gateway.Server;

/// <summary>A connection the server tracks from accept to close, so a stop can ask it to close and wait for it.</summary>
internal sealed class TrackedConnection(TransportConnection transport)
{
    public TransportConnection Transport { get; } = transport;

    /// <summary>The protocol once the transport started (after the TLS handshake); null before.</summary>
    public IConnectionProtocol? Protocol { get; set; }

    /// <summary>Completes when the connection has closed and been released.</summary>
    public TaskCompletionSource Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}