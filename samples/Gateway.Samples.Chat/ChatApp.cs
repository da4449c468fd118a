using System.Text.Json;

using Gateway.Routing;
using Gateway.Samples.Chat.Api;
using Gateway.Samples.Chat.Observability;
using Gateway.Samples.Chat.Realtime;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Samples.Chat;

/// <summary>
/// The chat as one Gateway app: the HTTP API under <c>/api</c> (bearer-authenticated but for registration and
/// login), the WebSocket protocol at <c>/ws</c>, <c>/healthz</c>, <c>/metrics</c>, the OpenAPI document and
/// <c>/docs</c>, and the web app at <c>/</c> (<c>wwwroot</c>). JSON is snake_case everywhere (<c>access_token</c>, <c>room_id</c>).
/// </summary>
internal sealed class ChatApp : IDisposable
{
    private readonly MetricsEndpoint _metrics;

    public ChatApp(ChatServices services, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        _metrics = new MetricsEndpoint(services.Metrics);
        var http = new HttpMetrics(_metrics.Registry);
        Sockets = new ChatSocketEndpoint(services, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ChatSocketEndpoint>());
        var json = new JsonSerializerOptions(JsonDefaults.Options) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        Router = new Router(new RouterOptions { JsonOptions = json, MaxBodySize = 64 * 1024, LoggerFactory = loggerFactory });
        Router.Use(http.Measure);
        // The web app's mount at "/" has an empty template: its files count as one route, "/{*file}".
        Router.UseForEachRoute(route => HttpMetrics.Label(route.Template.Text.Length == 0 ? "/{*file}" : route.Template.Text));

        var requireBearer = BearerAuthentication.Create(services.Auth);
        var api = Router.MapGroup("/api");
        AuthEndpoints.Map(api, services.Auth, requireBearer);
        var authenticated = api.MapGroup(string.Empty).Use(requireBearer);
        UserEndpoints.Map(authenticated, services.Store, services.Presence);
        RoomEndpoints.Map(authenticated, services.Store, services.Hub, services.Time);

        Router.MapWebSocket("/ws", (WebSocketConnection socket, Receive receive, Send send) => Sockets.RunAsync(socket, receive, send));
        Router.MapGet("/healthz", (CancellationToken aborted) => HealthEndpoint.CheckAsync(services, aborted));
        Router.MapGet("/metrics", (GatewayApp)_metrics.Invoke);
        Router.MapOpenApi(new OpenApiOptions { Title = "Gateway chat", Version = "1.0" });
        WebApp.Map(Router);
    }

    /// <summary>The app.</summary>
    public Router Router { get; }

    /// <summary>The WebSocket endpoint (for a graceful shutdown).</summary>
    public ChatSocketEndpoint Sockets { get; }

    public void Dispose() => _metrics.Dispose();
}