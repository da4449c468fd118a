using System.IO.Pipelines;

namespace Gateway.Server.Transport;

/// <summary>The client side of an in-memory connection, for tests: write requests, read responses.</summary>
internal sealed class InMemoryClient(IDuplexPipe pipe, InMemoryConnection server) : IDuplexPipe
{
    public PipeReader Input { get; } = pipe.Input;

    public PipeWriter Output { get; } = pipe.Output;

    /// <summary>Whether the server aborted the connection (rather than closing it gracefully).</summary>
    public bool WasAborted => server.IsAborted;

    /// <summary>Finishes sending (the in-memory FIN); the server sees its input complete and the peer gone.</summary>
    public async ValueTask CloseOutputAsync()
    {
        await Output.CompleteAsync().ConfigureAwait(false);
        server.PeerClosed();
    }
}