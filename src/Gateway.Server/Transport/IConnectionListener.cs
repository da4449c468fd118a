using System.Net;

namespace Gateway.Server.Transport;

/// <summary>Accepts connections on one endpoint.</summary>
internal interface IConnectionListener : IAsyncDisposable
{
    /// <summary>The endpoint actually bound (with the real port when port 0 was asked for).</summary>
    EndPoint EndPoint { get; }

    /// <summary>Waits for the next connection.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The connection, or <see langword="null"/> once the listener is unbound.</returns>
    ValueTask<TransportConnection?> AcceptAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops accepting; pending and later <see cref="AcceptAsync"/> calls return <see langword="null"/>.</summary>
    /// <returns>A task that completes when the endpoint is released.</returns>
    ValueTask UnbindAsync();
}