using Gateway.Benchmarks.Endpoints;
using Gateway.Routing;

namespace Gateway.Benchmarks.Routed;

/// <summary>
/// The <c>routed-reflection</c> shape: <see cref="RoutedApp"/>'s routes and handlers, with each handler passed to its
/// Map call as a <see cref="Delegate"/> variable. The source generator intercepts only lambdas and method groups
/// (GWV001), so these handlers are planned at start-up by reflection and compiled expressions, Gateway.Validation's
/// path for code the generator does not see.
/// </summary>
internal static class RoutedReflectionApp
{
    /// <summary>Builds the app.</summary>
    /// <returns>The app.</returns>
    public static GatewayApp Create()
    {
        Delegate json = RoutedHandlers.Json;
        Delegate createUser = RoutedHandlers.CreateUser;
        Delegate getUser = RoutedHandlers.GetUser;
        var router = new Router();
        router.MapGet("/plaintext", static (_, _, send) => Responses.SendAsync(send, Responses.PlaintextStart, Responses.PlaintextBody));
        router.MapGet("/json", json);
        router.MapPost("/echo", static (_, receive, send) => EchoEndpoint.HandleAsync(receive, send));
        router.MapPost("/users", createUser);
        router.MapGet("/users/{id:int}", getUser);
        router.MapWebSocket("/ws/echo", static (_, receive, send) => WebSocketEchoEndpoint.HandleAsync(receive, send));
        return router;
    }
}