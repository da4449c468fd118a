using System.IO.Pipelines;
using System.Net;

namespace Gateway.Server.Transport;

/// <summary>The server side of an in-memory connection.</summary>
internal sealed class InMemoryConnection : TransportConnection
{
    private readonly CancellationTokenSource _closed = new();

    public InMemoryConnection(TransportOptions options)
    {
        var (server, client) = DuplexPipe.CreatePair(options.InputPipeOptions(), options.OutputPipeOptions());
        Transport = server;
        Client = new InMemoryClient(client, this);
    }

    public InMemoryClient Client { get; }

    public override IDuplexPipe Transport { get; }

    public override EndPoint? LocalEndPoint => null;

    public override EndPoint? RemoteEndPoint => null;

    public override CancellationToken ConnectionClosed => _closed.Token;

    public bool IsAborted { get; private set; }

    public override void Abort(Exception? reason = null)
    {
        IsAborted = true;
        Transport.Output.Complete(reason ?? new ConnectionResetException("The server aborted the connection."));
        Transport.Input.Complete();
        PeerClosed();
    }

    public override async ValueTask DisposeAsync()
    {
        await Transport.Output.CompleteAsync().ConfigureAwait(false);
        await Transport.Input.CompleteAsync().ConfigureAwait(false);
        PeerClosed();
    }

    internal void PeerClosed()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Nobody is listening any more.
        }
    }
}