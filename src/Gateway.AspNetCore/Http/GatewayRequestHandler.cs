using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.AspNetCore;

/// <summary>Serves ASP.NET Core requests with one Gateway app: waits for its lifespan startup, builds the scope, and
/// runs an HTTP or WebSocket exchange.</summary>
internal sealed class GatewayRequestHandler
{
    private readonly GatewayApp _app;
    private readonly ILogger _logger;
    private readonly HostLifespan _lifespan;

    public GatewayRequestHandler(GatewayApp app, IServiceProvider services)
    {
        _app = app;
        _logger = services.GetService<ILoggerFactory>()?.CreateLogger("Gateway.AspNetCore") ?? NullLogger.Instance;
        _lifespan = new HostLifespan(app, services, _logger);
    }

    /// <summary>Serves <paramref name="context"/>; <paramref name="prefix"/> is the mapped path the app sits under
    /// (empty for <c>UseGateway</c>), removed from the path and added to the root path.</summary>
    public async Task HandleAsync(HttpContext context, PathString prefix)
    {
        ScopeState? startupState;
        try
        {
            startupState = await _lifespan.Startup.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (ServerKit.LifespanFailedException)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var state = startupState is null ? new ScopeState() : new ScopeState(startupState);
        var path = context.Request.Path.Value ?? "/";
        if (prefix.HasValue && path.StartsWith(prefix.Value!, StringComparison.OrdinalIgnoreCase))
        {
            path = path[prefix.Value!.Length..];
        }

        var rootPath = (context.Request.PathBase + prefix).Value ?? string.Empty;
        if (context.WebSockets.IsWebSocketRequest)
        {
            var extensions = ScopeExtensions.Empty.With(AspNetCoreCapabilities.WebSocketDenialCapability.Instance);
            var scope = ScopeFactory.Create(context, ScopeType.WebSocket, rootPath, path, state, extensions);
            await new WebSocketExchange(context, _logger).RunAsync(_app, scope).ConfigureAwait(false);
        }
        else
        {
            var capabilities = AspNetCoreCapabilities.For(context);
            var scope = ScopeFactory.Create(context, ScopeType.Http, rootPath, path, state, AspNetCoreCapabilities.Extensions(context, capabilities));
            await new HttpContextExchange(context, _logger, capabilities).RunAsync(_app, scope).ConfigureAwait(false);
        }
    }
}