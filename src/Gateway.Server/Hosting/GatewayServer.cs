using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

using Gateway.ServerKit;
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
/// <para>The type is split by concern: lifecycle here, then <c>.Binding.cs</c>, <c>.Lifespan.cs</c>,
/// <c>.Connections.cs</c> (accept loops, the connection limit's 503, draining), <c>.Heartbeat.cs</c> and
/// <c>.Run.cs</c> (the one-call entry point).</para>
/// </remarks>
public sealed partial class GatewayServer : IAsyncDisposable
{
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
    private readonly ConnectionLimiter _connectionLimiter;
    private volatile ServerState _state;

    /// <summary>Creates a server for <paramref name="app"/>.</summary>
    /// <param name="app">The app to serve.</param>
    /// <param name="options">Where to listen and how; defaults listen on 127.0.0.1:8000.</param>
    /// <param name="loggerFactory">Where logs go; by default the console (see <see cref="GatewayServerOptions.ConsoleLogging"/>).</param>
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
        loggerFactory ??= options.ConsoleLogging ? ConsoleLoggerFactory.Instance : NullLoggerFactory.Instance;
        _options = options;
        _protocolFactory = protocolFactory;
        _bind = bind;
        _connectionLimiter = new ConnectionLimiter(options.Limits.MaxConcurrentConnections);
        _context = new ServiceContext
        {
            App = app,
            Options = options,
            Logger = loggerFactory.CreateLogger("Gateway.Server"),
            AccessLogger = loggerFactory.CreateLogger("Gateway.Server.AccessLog"),
            Metrics = new ServerMetrics(services?.GetService(typeof(System.Diagnostics.Metrics.IMeterFactory)) as System.Diagnostics.Metrics.IMeterFactory),
            Services = services,
            TransportOptions = new TransportOptions
            {
                MaxInputBufferSize = options.Limits.MaxRequestBufferSize,
                MaxOutputBufferSize = options.Limits.MaxResponseBufferSize,
                UseEventLoop = options.Transport == ServerTransport.EventLoop,
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
            if (_state != ServerState.Created)
            {
                throw new InvalidOperationException("A GatewayServer starts once; create a new one to start again.");
            }

            _options.Validate();
            _state = ServerState.Starting;
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
                _state = ServerState.Stopping;
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
            _state = ServerState.Running;
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
            if (_state != ServerState.Running)
            {
                return;
            }

            _state = ServerState.Stopping;
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
            _state = ServerState.Stopped;
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
        if (_state == ServerState.Created)
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

    private enum ServerState
    {
        Created,
        Starting,
        Running,

        /// <summary>Stopping, or failed to start: never runs again.</summary>
        Stopping,
        Stopped,
    }
}