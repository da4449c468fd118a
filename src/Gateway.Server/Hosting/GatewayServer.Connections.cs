using Gateway.Server.Connection;
using Gateway.Server.Protocol.Http1;
using Gateway.Server.Transport;

namespace Gateway.Server;

// Connections: the accept loops, one task per connection, the 503 for connections over the limit, and the drain.
public sealed partial class GatewayServer
{
    private async Task AcceptLoopAsync(IConnectionListener listener)
    {
        await Task.Yield();
        while (true)
        {
            TransportConnection? transport;
            try
            {
                transport = await listener.AcceptAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // An accept failure must not end the server; the loop ends when the listener is unbound.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                ServerLog.ConnectionFailed(_context.Logger, 0, exception);
                continue;
            }

            if (transport is null)
            {
                return;
            }

            if (!_connectionLimiter.TryAcquire())
            {
                _ = RejectAsync(transport);
                continue;
            }

            // Registered before the accept loop moves on, so a concurrent stop always waits for this connection.
            var id = Interlocked.Increment(ref _nextConnectionId);
            var tracked = new TrackedConnection(transport);
            _connections[id] = tracked;
            _ = RunConnectionAsync(id, tracked);
        }
    }

    private async Task RunConnectionAsync(long id, TrackedConnection tracked)
    {
        await Task.Yield();
        var transport = tracked.Transport;
        _context.Metrics.ConnectionOpened();
        ServerLog.ConnectionAccepted(_context.Logger, id, transport.RemoteEndPoint);
        try
        {
            try
            {
                await transport.StartAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
            {
                ServerLog.TlsHandshakeFailed(_context.Logger, id, exception);
                transport.Abort(exception);
                return;
            }

            var protocol = _protocolFactory(id, transport, _context);
            tracked.Protocol = protocol;
            if (_stopping.IsCancellationRequested)
            {
                // Accepted just before the stop: serve nothing new.
                protocol.RequestClose();
            }

            await protocol.RunAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever happens on one connection must not take the server down.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            ServerLog.ConnectionFailed(_context.Logger, id, exception);
            transport.Abort(exception);
        }
        finally
        {
            try
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Closing a broken connection may fail; it is released either way.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                ServerLog.ConnectionFailed(_context.Logger, id, exception);
            }

            _connections.TryRemove(id, out _);
            _connectionLimiter.Release();
            _context.Metrics.ConnectionClosed();
            ServerLog.ConnectionClosed(_context.Logger, id);
            tracked.Completed.TrySetResult();
        }
    }

    private static ReadOnlySpan<byte> ServiceUnavailableText => "The server's connection limit is reached"u8;

    /// <summary>Answers a connection over <see cref="GatewayServerLimits.MaxConcurrentConnections"/> with 503 and closes it,
    /// without reading its request.</summary>
    private async Task RejectAsync(TransportConnection transport)
    {
        _context.Metrics.ConnectionRejected();
        ServerLog.ConnectionRejected(_context.Logger, transport.RemoteEndPoint, nameof(GatewayServerLimits.MaxConcurrentConnections));
        try
        {
            await transport.StartAsync(_stopping.Token).ConfigureAwait(false);
            var output = transport.Transport.Output;
            var writer = new Http1BufferWriter<System.IO.Pipelines.PipeWriter>(output);
            Http1ResponseWriter.WriteTextResponse(ref writer, 503, ServiceUnavailableText, Http1DateHeader.Shared);
            writer.Commit();
            await output.FlushAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A client we are turning away may already be gone.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            transport.Abort(exception);
        }
        finally
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<bool> WaitForConnectionsAsync(CancellationToken cancellationToken)
    {
        while (!_connections.IsEmpty)
        {
            var pending = new List<Task>(_connections.Count);
            foreach (var connection in _connections.Values)
            {
                pending.Add(connection.Completed.Task);
            }

            try
            {
                await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return _connections.IsEmpty;
            }
        }

        return true;
    }
}