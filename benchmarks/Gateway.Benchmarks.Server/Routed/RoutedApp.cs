using System.ComponentModel.DataAnnotations;

using Gateway.Benchmarks.Endpoints;
using Gateway.Routing;
using Gateway.Validation;

namespace Gateway.Benchmarks.Routed;

/// <summary>
/// The <c>routed</c> shape: the benchmark endpoints as a Gateway.Routing router with Gateway.Validation handlers, as an
/// application would write them — the peer of Kestrel's Minimal APIs with <c>AddValidation()</c>. Endpoints with
/// nothing to bind (plaintext, echo, the WebSocket) stay contract apps, as they would in an app.
/// </summary>
internal static class RoutedApp
{
    /// <summary>Builds the app.</summary>
    /// <returns>The app.</returns>
    public static GatewayApp Create()
    {
        var router = new Router();
        router.MapGet("/plaintext", static (_, _, send) => Responses.SendAsync(send, Responses.PlaintextStart, Responses.PlaintextBody));
        router.MapGet("/json", static () => new HelloMessage("Hello, World!"));
        router.MapPost("/echo", static (_, receive, send) => EchoEndpoint.HandleAsync(receive, send));
        router.MapPost("/users", static (CreateUser user) => Results.Json(new User(1, user.Name, user.Age), 201));
        router.MapGet("/users/{id:int}", static (int id) => new User(id, "alice", 30));
        router.MapWebSocket("/ws/echo", static (_, receive, send) => WebSocketEchoEndpoint.HandleAsync(receive, send));
        return router;
    }

    /// <summary>The body of <c>POST /users</c>, validated by its annotations.</summary>
    /// <param name="Name">1 to 50 characters.</param>
    /// <param name="Age">0 to 150.</param>
    internal sealed record CreateUser([property: Required, StringLength(50, MinimumLength = 1)] string Name, [property: Range(0, 150)] int Age);
}