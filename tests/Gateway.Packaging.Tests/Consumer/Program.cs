// The consumer program the packaging tests build against the packed Gateway packages, installed by version from a
// local feed: the README's FastAPI-style example, with only `using Gateway.Routing;` for the app. The test relies on:
// `--port N` selects the port on 127.0.0.1, GET /hello/{name} answers "Hello, {name}!" as text, POST /items validates
// its body (422 in FastAPI's shape), and the server prints "listening on http://127.0.0.1:N".
using System.ComponentModel.DataAnnotations;
using Gateway.Routing;
using Gateway.Server;

var router = new Router();
router.MapGet("/hello/{name}", (string name) => $"Hello, {name}!");
router.MapPost("/items", (NewItem item) => Results.Created("/items/1", item)).Produces<NewItem>(201);
router.MapOpenApi();
await GatewayServer.ServeAsync(router, args);

internal sealed record NewItem([Required, StringLength(40)] string Name, [Range(0, 1000)] decimal Price);
