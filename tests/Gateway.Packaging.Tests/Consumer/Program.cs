// The consumer program the packaging tests build against the packed Gateway packages, installed by version from a
// local feed: the README's FastAPI-style example with the README's usings only, served by GatewayServer.ServeAsync so
// that the test can choose the port (`--port N` on 127.0.0.1; it prints "listening on http://127.0.0.1:N"). The
// README's /logo route is left out: it needs a file beside the program. The test relies on the comments.
using Gateway.Routing;
using Gateway.Server;
using System.ComponentModel.DataAnnotations;

var router = new Router();
router.MapGet("/", () => "Hello");                                               // 200 text/plain
router.MapPost("/items", (NewItem item) => Results.Created("/items/1", item))    // 201 JSON; 422 FastAPI-shaped
      .Produces<NewItem>(201);                                                   // …and documented as 201
router.MapGet("/items/{id:int}", (int id, Request request) => new Item(id, request.Query["q"]));  // JSON
router.MapWebSocket("/echo", async (WebSocketConnection ws) =>
{
    await ws.AcceptAsync();
    await foreach (var text in ws.ReceiveTextMessagesAsync()) await ws.SendTextAsync(text);
});
router.MapOpenApi();                                                             // /openapi.json and /docs
await GatewayServer.ServeAsync(router, args);

record NewItem([Required, StringLength(40)] string Name, [Range(0, 1000)] decimal Price);
record Item(int Id, string? Query);
