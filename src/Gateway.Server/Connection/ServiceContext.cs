using Gateway.Server.Protocol.WebSockets;
using Gateway.Server.Transport;

using Microsoft.Extensions.Logging;

namespace Gateway.Server.Connection;

/// <summary>What every connection of one server shares: the app, the options, logging, metrics and the lifespan state.</summary>
internal sealed class ServiceContext
{
    public required GatewayApp App { get; init; }

    public required GatewayServerOptions Options { get; init; }

    public required ILogger Logger { get; init; }

    public required ILogger AccessLogger { get; init; }

    public required ServerMetrics Metrics { get; init; }

    public required TransportOptions TransportOptions { get; init; }

    public IServiceProvider? Services { get; init; }

    /// <summary>What the app stored during lifespan startup; copied into every scope.</summary>
    public ScopeState LifespanState { get; set; } = new();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public GatewayServerLimits Limits => Options.Limits;

    /// <summary>The WebSocket protocol settings, built from <see cref="GatewayServerOptions.WebSockets"/> on first use
    /// (once the server has started and the options are final).</summary>
    public WebSocketProtocolOptions WebSocketProtocol => _webSocketProtocol ??= CreateWebSocketProtocol(Options.WebSockets);

    private WebSocketProtocolOptions? _webSocketProtocol;
    private long _upgradedConnections;

    /// <summary>Counts a WebSocket connection against <see cref="GatewayServerLimits.MaxConcurrentUpgradedConnections"/>;
    /// false (nothing counted) when the limit is reached.</summary>
    public bool TryEnterUpgradedConnection()
    {
        var count = Interlocked.Increment(ref _upgradedConnections);
        if (Limits.MaxConcurrentUpgradedConnections is { } max && count > max)
        {
            Interlocked.Decrement(ref _upgradedConnections);
            return false;
        }

        return true;
    }

    /// <summary>Releases what <see cref="TryEnterUpgradedConnection"/> counted.</summary>
    public void ExitUpgradedConnection() => Interlocked.Decrement(ref _upgradedConnections);

    private static WebSocketProtocolOptions CreateWebSocketProtocol(WebSocketOptions options) => new()
    {
        MaxMessageSize = options.MaxMessageSize,
        AllowedOrigins = options.AllowedOrigins.Count == 0 ? null : [.. options.AllowedOrigins],
        Compression = new WebSocketCompressionOptions { Enabled = options.EnableCompression },
    };
}