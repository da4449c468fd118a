using System.IO.Pipelines;
using System.Net;

namespace Gateway.Server.Transport;

/// <summary>
/// One accepted connection as the protocol layers see it: a duplex pipe of bytes and the endpoints. Knows no HTTP.
/// </summary>
/// <remarks>
/// <see cref="Transport"/>.Input yields the bytes the peer sent and completes when the peer finished sending (FIN) or
/// the connection failed; <see cref="Transport"/>.Output carries the bytes to send, and completing it closes the
/// connection once they are sent. Both pipes are bounded: a slow reader or writer pauses the other side.
/// </remarks>
internal abstract class TransportConnection : IAsyncDisposable
{
    /// <summary>The bytes from and to the peer.</summary>
    public abstract IDuplexPipe Transport { get; }

    /// <summary>The local address the connection arrived on.</summary>
    public abstract EndPoint? LocalEndPoint { get; }

    /// <summary>The peer's address, when known.</summary>
    public abstract EndPoint? RemoteEndPoint { get; }

    /// <summary>TLS details when the connection is encrypted.</summary>
    public virtual ITlsInfo? Tls => null;

    /// <summary>Prepares the connection (a TLS handshake, for example) and starts moving bytes.</summary>
    /// <param name="cancellationToken">Abandons the preparation.</param>
    /// <returns>A task that completes when <see cref="Transport"/> is usable.</returns>
    public virtual ValueTask StartAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Fires when the peer has gone: it finished sending, reset the connection, or the connection failed.</summary>
    public abstract CancellationToken ConnectionClosed { get; }

    /// <summary>Tells <see cref="DisposeAsync"/> not to linger for the peer's FIN: the protocol is closing between
    /// exchanges with nothing unread, so there is no response in flight that a reset could destroy, and waiting for an idle
    /// peer to close its side would only delay the close (a server stop with idle keep-alive clients, for one).</summary>
    public virtual void SkipLingeringClose()
    {
    }

    /// <summary>Tears the connection down now, without sending what is still buffered.</summary>
    /// <param name="reason">Why, for logs.</param>
    public abstract void Abort(Exception? reason = null);

    /// <summary>Sends what is buffered, closes the connection gracefully, and releases it.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public abstract ValueTask DisposeAsync();
}