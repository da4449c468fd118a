// The README's first example, line for line, with the README's usings and no others. The file's namespace is outside
// Gateway's on purpose: an enclosing namespace such as Gateway.Validation.Tests would bring Gateway and
// Gateway.Validation into scope and hide a handler extension in the wrong namespace. Only the logo's path and the port
// differ from the README, and the server is returned to the test instead of run.
using Gateway.Routing;   // the only Gateway using besides Gateway.Server for GatewayServer
using Gateway.Server;

using System.ComponentModel.DataAnnotations;

namespace ReadmeExample;

/// <summary>The README's example program, as a method the test can start and stop.</summary>
internal static class ReadmeProgram
{
    /// <summary>The example's router and server, with <paramref name="logo"/> as the logo and a free port.</summary>
    public static GatewayServer Create(string logo)
    {
        var router = new Router();
        router.MapGet("/", () => "Hello");                                               // 200 text/plain
        router.MapPost("/items", (NewItem item) => Results.Created("/items/1", item))    // 201 JSON; 422 FastAPI-shaped
              .Produces<NewItem>(201);                                                   // …and documented as 201
        router.MapGet("/items/{id:int}", (int id, Request request) => new Item(id, request.Query["q"]));  // JSON
        router.MapGet("/logo", () => Results.File(logo));                               // a Response, sent as it is
        router.MapWebSocket("/echo", async (WebSocketConnection ws) =>
        {
            await ws.AcceptAsync();
            await foreach (var text in ws.ReceiveTextMessagesAsync()) await ws.SendTextAsync(text);
        });
        router.MapOpenApi();                                                             // /openapi.json and /docs
        return new GatewayServer(router, new GatewayServerOptions().ListenLocalhost(0));
    }
}

public sealed record NewItem([Required, StringLength(40)] string Name, [Range(0, 1000)] decimal Price);

public sealed record Item(int Id, string? Query);