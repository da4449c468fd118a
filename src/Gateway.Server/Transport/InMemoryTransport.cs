using System.Net;
using System.Threading.Channels;

namespace Gateway.Server.Transport;

/// <summary>
/// A listener whose connections are pairs of in-memory pipes: the same server code runs in tests without ports.
/// </summary>
internal sealed class InMemoryTransport : IConnectionListener
{
    private readonly Channel<InMemoryConnection> _pending = Channel.CreateBounded<InMemoryConnection>(64);
    private readonly TransportOptions _options;

    public InMemoryTransport(TransportOptions? options = null) => _options = options ?? new TransportOptions();

    public EndPoint EndPoint { get; } = new InMemoryEndPoint();

    /// <summary>Opens a connection to the server; the returned client side reads what the server sends.</summary>
    public async ValueTask<InMemoryClient> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var connection = new InMemoryConnection(_options);
        await _pending.Writer.WriteAsync(connection, cancellationToken).ConfigureAwait(false);
        return connection.Client;
    }

    public async ValueTask<TransportConnection?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _pending.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public ValueTask UnbindAsync()
    {
        _pending.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => UnbindAsync();

    private sealed class InMemoryEndPoint : EndPoint
    {
        public override string ToString() => "memory";
    }
}