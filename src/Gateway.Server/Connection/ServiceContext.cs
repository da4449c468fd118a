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
}