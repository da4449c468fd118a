using System.Net;
using System.Net.Sockets;

namespace Gateway.Server;

/// <summary>Everything that configures a <see cref="GatewayServer"/>: where it listens, its limits and timeouts, proxy
/// trust, and how it behaves around the app.</summary>
public sealed class GatewayServerOptions
{
    private readonly List<ListenOptions> _listen = [];

    /// <summary>The endpoints to listen on. When none is configured the server listens on 127.0.0.1:8000, uvicorn's
    /// default.</summary>
    public IReadOnlyList<ListenOptions> Listen => _listen;

    /// <summary>Limits and timeouts.</summary>
    public GatewayServerLimits Limits { get; } = new();

    /// <summary>Which proxies may report the client's address and scheme.</summary>
    public ForwardedHeadersOptions ForwardedHeaders { get; } = new();

    /// <summary>WebSocket settings.</summary>
    public WebSocketOptions WebSockets { get; } = new();

    /// <summary>The path the app is served under behind a proxy (ASGI's <c>root_path</c>): put in
    /// <see cref="Scope.RootPath"/>, and removed from the front of request paths that still carry it. Empty by default.</summary>
    public string RootPath { get; set; } = string.Empty;

    /// <summary>How long a graceful stop waits for in-flight requests before aborting them. Default 30 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether responses carry <c>server: gateway</c> (unless the app set its own). Default on.</summary>
    public bool AddServerHeader { get; set; } = true;

    /// <summary>Whether to log one line per request (category <c>Gateway.Server.AccessLog</c>, information level), as
    /// uvicorn's access log. Default off.</summary>
    public bool AccessLog { get; set; }

    /// <summary>Whether a server created without an <see cref="Microsoft.Extensions.Logging.ILoggerFactory"/> logs to the
    /// console, as uvicorn does: information and above (where it listens, when it stops) to standard output, warnings and
    /// errors (a crashed app, a failed lifespan) to standard error, one line each. Default on; turn it off for silence.
    /// Ignored when a logger factory is given: then all logs go there.</summary>
    public bool ConsoleLogging { get; set; } = true;

    /// <summary>How plain connections are served. Default <see cref="ServerTransport.EventLoop"/> (which falls back to
    /// <see cref="ServerTransport.Sockets"/> where it is not supported, and for TLS).</summary>
    public ServerTransport Transport { get; set; } = ServerTransport.EventLoop;

    /// <summary>Whether to run the app's lifespan protocol. Default <see cref="LifespanMode.Auto"/>.</summary>
    public LifespanMode Lifespan { get; set; } = LifespanMode.Auto;

    /// <summary>Listens on a TCP address and port.</summary>
    /// <param name="address">The address, such as <see cref="IPAddress.Loopback"/>.</param>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="configure">Further settings, such as TLS.</param>
    /// <returns>These options.</returns>
    public GatewayServerOptions ListenTcp(IPAddress address, int port, Action<ListenOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        return Add(new IPEndPoint(address, port), configure);
    }

    /// <summary>Listens on the IPv4 loopback address, 127.0.0.1.</summary>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="configure">Further settings, such as TLS.</param>
    /// <returns>These options.</returns>
    public GatewayServerOptions ListenLocalhost(int port, Action<ListenOptions>? configure = null) =>
        ListenTcp(IPAddress.Loopback, port, configure);

    /// <summary>Listens on every IPv4 and IPv6 address (dual-mode <c>[::]</c>).</summary>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="configure">Further settings, such as TLS.</param>
    /// <returns>These options.</returns>
    public GatewayServerOptions ListenAnyIP(int port, Action<ListenOptions>? configure = null) =>
        ListenTcp(IPAddress.IPv6Any, port, configure);

    /// <summary>Listens on a Unix domain socket, the usual link from nginx to an app server. A stale socket file left by
    /// a dead process is replaced; the file is removed when the server stops.</summary>
    /// <param name="path">The socket file path.</param>
    /// <param name="configure">Further settings.</param>
    /// <returns>These options.</returns>
    public GatewayServerOptions ListenUnixSocket(string path, Action<ListenOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Add(new UnixDomainSocketEndPoint(path), configure);
    }

    internal void Validate()
    {
        Limits.Validate();
        WebSockets.Validate();
        if (ShutdownTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ShutdownTimeout), ShutdownTimeout, "The shutdown timeout cannot be negative.");
        }

        if (RootPath.Length > 0 && (RootPath[0] != '/' || RootPath[^1] == '/'))
        {
            throw new ArgumentException($"The root path '{RootPath}' must start with '/' and not end with one.", nameof(RootPath));
        }
    }

    private GatewayServerOptions Add(EndPoint endPoint, Action<ListenOptions>? configure)
    {
        var listen = new ListenOptions(endPoint);
        configure?.Invoke(listen);
        _listen.Add(listen);
        return this;
    }
}