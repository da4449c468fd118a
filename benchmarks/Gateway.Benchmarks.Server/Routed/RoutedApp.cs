using Gateway.Benchmarks.Endpoints;
using Gateway.Routing;

namespace Gateway.Benchmarks.Routed;

/// <summary>
/// The <c>routed</c> shape: the benchmark endpoints as a Gateway.Routing router with Gateway.Validation handlers, as an
/// application would write them — the peer of Kestrel's Minimal APIs with <c>AddValidation()</c>. The handlers' Map
/// calls are intercepted by Gateway.Validation's source generator (this project references it, as a package consumer
/// does), so their binding plans were made at compile time; <see cref="RoutedReflectionApp"/> is the same app planned
/// by reflection. Endpoints with nothing to bind (plaintext, echo, the WebSocket) stay contract apps, as they would in
/// an app.
/// </summary>
internal static class RoutedApp
{
    /// <summary>Builds the app.</summary>
    /// <returns>The app.</returns>
    public static GatewayApp Create()
    {
        var router = new Router();
        router.MapGet("/plaintext", static (_, _, send) => Responses.SendAsync(send, Responses.PlaintextStart, Responses.PlaintextBody));
        router.MapGet("/json", RoutedHandlers.Json);
        router.MapPost("/echo", static (_, receive, send) => EchoEndpoint.HandleAsync(receive, send));
        router.MapPost("/users", RoutedHandlers.CreateUser);
        router.MapGet("/users/{id:int}", RoutedHandlers.GetUser);
        router.MapWebSocket("/ws/echo", static (_, receive, send) => WebSocketEchoEndpoint.HandleAsync(receive, send));
        return router;
    }
}