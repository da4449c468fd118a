using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

using Gateway.Hosting;
using Gateway.Server.Connection;
using Gateway.Server.Transport;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Server;

/// <summary>
/// A socket server that runs a <see cref="GatewayApp"/>: it accepts TCP, Unix domain socket and TLS connections, speaks
/// HTTP/1.1 and WebSocket, and enforces the contract's rules, as uvicorn runs an ASGI app.
/// </summary>
/// <remarks>
/// <para>Lifecycle: <see cref="StartAsync"/> runs the app's lifespan startup, then binds and starts accepting;
/// <see cref="StopAsync"/> stops accepting, closes idle connections, lets in-flight requests finish up to
/// <see cref="GatewayServerOptions.ShutdownTimeout"/>, aborts the rest, then runs lifespan shutdown. <see cref="RunAsync"/>
/// does both around Ctrl+C / SIGTERM. A server starts once.</para>
/// <para>Thread-safe. The options are read when the server starts; changing them later has no effect.</para>
/// </remarks>
public sealed class GatewayServer : IAsyncDisposable
{
    private static readonly byte[] ServiceUnavailableResponse =
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 40\r\nconnection: close\r\n\r\nThe server's connection limit is reached"u8.ToArray();

    private readonly GatewayServerOptions _options;
    private readonly ServiceContext _context;
    private readonly ConnectionProtocolFactory _protocolFactory;
    private readonly Func<GatewayServerOptions, TransportOptions, IReadOnlyList<IConnectionListener>> _bind;
    private readonly ConcurrentDictionary<long, TrackedConnection> _connections = new();
    private readonly List<IConnectionListener> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _heartbeatStopping = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private LifespanRunner? _lifespan;
    private Task _heartbeat = Task.CompletedTask;
    private long _nextConnectionId;
    private long _openConnections;
    private int _state;

    /// <summary>Creates a server for <paramref name="app"/>.</summary>
    /// <param name="app">The app to serve.</param>
    /// <param name="options">Where to listen and how; defaults listen on 127.0.0.1:8000.</param>
    /// <param name="loggerFactory">Where logs go; none by default.</param>
    /// <param name="services">The application's services, put in every scope's <see cref="Scope.Services"/>.</param>
    public GatewayServer(GatewayApp app, GatewayServerOptions? options = null, ILoggerFactory? loggerFactory = null, IServiceProvider? services = null)
        : this(app, options ?? new GatewayServerOptions(), loggerFactory, services, Connection.Http1.Http1Connection.Create, BindSockets)
    {
    }

    internal GatewayServer(
        GatewayApp app,
        GatewayServerOptions options,
        ILoggerFactory? loggerFactory,
        IServiceProvider? services,
        ConnectionProtocolFactory protocolFactory,
        Func<GatewayServerOptions, TransportOptions, IReadOnlyList<IConnectionListener>> bind)
    {
        ArgumentNullException.ThrowIfNull(app);
        loggerFactory ??= NullLoggerFactory.Instance;
        _options = options;
        _protocolFactory = protocolFactory;
        _bind = bind;
        _context = new ServiceContext
        {
            App = app,
            Options = options,
            Logger = loggerFactory.CreateLogger("Gateway.Server"),
            AccessLogger = loggerFactory.CreateLogger("Gateway.Server.AccessLog"),
            Metrics = new ServerMetrics(),
            Services = services,
            TransportOptions = new TransportOptions
            {
                MaxInputBufferSize = options.Limits.MaxRequestBufferSize,
                MaxOutputBufferSize = options.Limits.MaxResponseBufferSize,
            },
        };
    }

    /// <summary>The endpoints the server is bound to, with the actual ports; empty until <see cref="StartAsync"/> returned.</summary>
    public IReadOnlyList<EndPoint> EndPoints { get; private set; } = [];

    /// <summary>The addresses as URLs (<c>http://127.0.0.1:8000</c>, <c>unix:/run/app.sock</c>), for messages such as
    /// "open this URL"; empty until started.</summary>
    public IReadOnlyList<string> Urls { get; private set; } = [];

    /// <summary>The number of connections currently open.</summary>
    public int ConnectionCount => _connections.Count;

    internal ServiceContext Context => _context;

    /// <summary>How often connections check their timeouts; tests stretch it to show that nothing waits for a beat.</summary>
    internal TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Runs lifespan startup, binds every endpoint and starts accepting connections.</summary>
    /// <param name="cancellationToken">Abandons starting.</param>
    /// <returns>A task that completes when the server is accepting.</returns>
    /// <exception cref="LifespanFailedException">The app's startup failed; nothing was bound.</exception>
    /// <exception cref="IOException">An endpoint could not be bound (in use, not available, not permitted): the message
    /// names the address ("127.0.0.1:8000 is already in use"), it is logged once, and the endpoints already bound were
    /// released.</exception>
    /// <exception cref="InvalidOperationException">The server was already started.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_state != 0)
            {
                throw new InvalidOperationException("A GatewayServer starts once; create a new one to start again.");
            }

            _options.Validate();
            _state = 1;
            await StartLifespanAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                _listeners.AddRange(_bind(_options, _context.TransportOptions));
            }
            catch (Exception exception)
            {
                if (exception is IOException)
                {
                    ServerLog.BindFailed(_context.Logger, exception.Message);
                }

                await StopLifespanAsync().ConfigureAwait(false);
                _state = 3;
                throw;
            }

            var endPoints = new List<EndPoint>();
            var urls = new List<string>();
            for (var i = 0; i < _listeners.Count; i++)
            {
                var listener = _listeners[i];
                endPoints.Add(listener.EndPoint);
                var url = FormatUrl(listener.EndPoint, i < _options.Listen.Count && _options.Listen[i].Tls is not null);
                urls.Add(url);
                ServerLog.Listening(_context.Logger, url);
                _acceptLoops.Add(AcceptLoopAsync(listener));
            }

            EndPoints = endPoints;
            Urls = urls;
            _heartbeat = HeartbeatLoopAsync();
            _state = 2;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops gracefully: stops accepting, closes idle connections, waits up to
    /// <see cref="GatewayServerOptions.ShutdownTimeout"/> (or until <paramref name="cancellationToken"/> fires) for in-flight
    /// requests, aborts what is left, then runs lifespan shutdown. Does nothing if the server is not running.
    /// </summary>
    /// <param name="cancellationToken">Cuts the graceful wait short: remaining connections are aborted at once.</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_state != 2)
            {
                return;
            }

            _state = 3;
            await _stopping.CancelAsync().ConfigureAwait(false);
            foreach (var listener in _listeners)
            {
                await listener.UnbindAsync().ConfigureAwait(false);
            }

            await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
            ServerLog.Stopping(_context.Logger, _connections.Count);
            foreach (var connection in _connections.Values)
            {
                connection.Protocol?.RequestClose();
            }

            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(_options.ShutdownTimeout);
            var drained = await WaitForConnectionsAsync(grace.Token).ConfigureAwait(false);
            if (!drained)
            {
                ServerLog.AbortingOnShutdown(_context.Logger, _connections.Count);
                foreach (var connection in _connections.Values)
                {
                    connection.Transport.Abort(new ConnectionResetException("The server is shutting down."));
                }

                await WaitForConnectionsAsync(CancellationToken.None).ConfigureAwait(false);
            }

            foreach (var listener in _listeners)
            {
                await listener.DisposeAsync().ConfigureAwait(false);
            }

            // The heartbeat ran on while connections drained (their timeouts still apply); none is left now.
            await _heartbeatStopping.CancelAsync().ConfigureAwait(false);
            await _heartbeat.ConfigureAwait(false);
            await StopLifespanAsync().ConfigureAwait(false);
            ServerLog.Stopped(_context.Logger);
            _state = 4;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Starts (unless <see cref="StartAsync"/> already did), runs until <paramref name="cancellationToken"/> fires
    /// or the process gets SIGINT (Ctrl+C), SIGTERM or SIGQUIT, then stops gracefully.</summary>
    /// <param name="cancellationToken">Stops the server.</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);
        using var registration = cancellationToken.Register(() => stop.TrySetResult());
        if (Volatile.Read(ref _state) == 0)
        {
            await StartAsync(cancellationToken).ConfigureAwait(false);
        }

        await stop.Task.ConfigureAwait(false);
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Stops the server (gracefully) if it is running and releases it.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _context.Metrics.Dispose();
        _stopping.Dispose();
        _heartbeatStopping.Dispose();
    }

    internal static IReadOnlyList<IConnectionListener> BindSockets(GatewayServerOptions options, TransportOptions transportOptions)
    {
        var listens = options.Listen.Count > 0 ? options.Listen : [new ListenOptions(new IPEndPoint(IPAddress.Loopback, 8000))];
        var listeners = new List<IConnectionListener>(listens.Count);
        try
        {
            foreach (var listen in listens)
            {
                listeners.Add(SocketListener.Bind(
                    listen.EndPoint,
                    options.Limits.ListenBacklog,
                    transportOptions,
                    listen.Tls?.CreateAuthenticationOptions(),
                    listen.Tls?.HandshakeTimeout ?? default));
            }
        }
        catch
        {
            foreach (var listener in listeners)
            {
                listener.UnbindAsync().AsTask().GetAwaiter().GetResult();
            }

            throw;
        }

        return listeners;
    }

    private static string FormatUrl(EndPoint endPoint, bool tls) => endPoint switch
    {
        UnixDomainSocketEndPoint unix => $"unix:{unix}",
        IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6 } ip => $"{(tls ? "https" : "http")}://[{ip.Address}]:{ip.Port}",
        _ => $"{(tls ? "https" : "http")}://{endPoint}",
    };

    private async Task StartLifespanAsync(CancellationToken cancellationToken)
    {
        if (_options.Lifespan == LifespanMode.Off)
        {
            return;
        }

        _lifespan = new LifespanRunner(_context.App, services: _context.Services);
        try
        {
            await _lifespan.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (LifespanFailedException exception)
        {
            ServerLog.LifespanStartupFailed(_context.Logger, exception.Message, exception);
            _state = 3;
            throw;
        }

        if (!_lifespan.IsSupported)
        {
            if (_options.Lifespan == LifespanMode.On)
            {
                _state = 3;
                throw new LifespanFailedException("The app does not support the lifespan protocol, and LifespanMode.On requires it.", _lifespan.UnsupportedReason);
            }

            ServerLog.LifespanUnsupported(_context.Logger, _lifespan.UnsupportedReason);
            return;
        }

        _context.LifespanState = _lifespan.State;
    }

    private async Task StopLifespanAsync()
    {
        if (_lifespan is null)
        {
            return;
        }

        try
        {
            await _lifespan.StopAsync().ConfigureAwait(false);
        }
        catch (LifespanFailedException exception)
        {
            ServerLog.LifespanShutdownFailed(_context.Logger, exception.Message, exception);
        }
    }

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

            var open = Interlocked.Increment(ref _openConnections);
            if (_options.Limits.MaxConcurrentConnections is { } max && open > max)
            {
                Interlocked.Decrement(ref _openConnections);
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
            Interlocked.Decrement(ref _openConnections);
            _context.Metrics.ConnectionClosed();
            ServerLog.ConnectionClosed(_context.Logger, id);
            tracked.Completed.TrySetResult();
        }
    }

    private async Task RejectAsync(TransportConnection transport)
    {
        _context.Metrics.ConnectionRejected();
        ServerLog.ConnectionRejected(_context.Logger, transport.RemoteEndPoint, nameof(GatewayServerLimits.MaxConcurrentConnections));
        try
        {
            await transport.StartAsync(_stopping.Token).ConfigureAwait(false);
            await transport.Transport.Output.WriteAsync(ServiceUnavailableResponse).ConfigureAwait(false);
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

    /// <summary>Once a second, lets every connection check its timeouts and data rates (Kestrel's heartbeat): one timer
    /// for the whole server instead of one per read. It beats until the stop has drained every connection, so timeouts
    /// still apply during a graceful stop, and ends at once then (a sleep here would delay every stop by up to a beat).</summary>
    private async Task HeartbeatLoopAsync()
    {
        using var timer = new PeriodicTimer(HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_heartbeatStopping.Token).ConfigureAwait(false))
            {
                Beat();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: no connection is left to check.
        }
    }

    private void Beat()
    {
        var now = Environment.TickCount64;
        foreach (var connection in _connections.Values)
        {
            try
            {
                connection.Protocol?.OnHeartbeat(now);
            }
#pragma warning disable CA1031 // One connection's failure must not stop the heartbeat of the others.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                ServerLog.ConnectionFailed(_context.Logger, 0, exception);
            }
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

    private sealed class TrackedConnection(TransportConnection transport)
    {
        public TransportConnection Transport { get; } = transport;

        public IConnectionProtocol? Protocol { get; set; }

        public TaskCompletionSource Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}