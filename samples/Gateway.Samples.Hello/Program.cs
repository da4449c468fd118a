// The hello sample: a FastAPI-style app on Gateway.Routing, served by Gateway.Server.
// Run it with `dotnet run --project samples/Gateway.Samples.Hello [-- --port 8000]` and open the URL it prints;
// /docs shows the OpenAPI document the handlers describe.
using System.ComponentModel.DataAnnotations;
using System.Text;

using Gateway;
using Gateway.Routing;
using Gateway.Server;

using Microsoft.Extensions.Logging;

var port = args.Length >= 2 && args[0] == "--port" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8000;

using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
var options = new GatewayServerOptions { AccessLog = true }.ListenLocalhost(port);
await using var server = new GatewayServer(HelloApp.Create(loggerFactory), options, loggerFactory);
await server.StartAsync();
Console.WriteLine($"Gateway hello sample running: open {server.Urls[0]}/ in a browser (Ctrl+C stops it).");
await server.RunAsync();

/// <summary>The sample app: handlers with validated bodies and typed path parameters, a WebSocket echo, OpenAPI, and
/// one endpoint written against the bare contract, mounted beside them.</summary>
internal static class HelloApp
{
    private const string Page = """
        <!doctype html>
        <title>Gateway</title>
        <h1>Hello from Gateway</h1>
        <ul>
          <li><a href="/hello?name=you">/hello?name=you</a> — JSON</li>
          <li><a href="/items/1?q=tea">/items/1?q=tea</a> — a typed path parameter and a query value</li>
          <li><code>curl -H 'content-type: application/json' -d '{"name":"tea","price":3}' http://127.0.0.1:8000/items</code> — a validated body (try a price of 5000)</li>
          <li><a href="/count">/count</a> — a response streamed in chunks</li>
          <li><a href="/docs">/docs</a> — the OpenAPI document</li>
          <li><code>/echo</code> — a WebSocket echo</li>
        </ul>
        """;

    public static GatewayApp Create(ILoggerFactory? loggerFactory = null)
    {
        var router = new Router(new RouterOptions { LoggerFactory = loggerFactory });
        router.MapGet("/", () => Results.Text(Page, "text/html; charset=utf-8"));
        router.MapGet("/hello", (string name = "world") => new Greeting($"Hello, {name}!"));
        router.MapPost("/items", (NewItem item) => Results.Created("/items/1", item)).Produces<NewItem>(201);
        router.MapGet("/items/{id:int}", (int id, Request request) => new Item(id, request.Query["q"]));
        router.MapGet("/count", () => Results.Stream(Count(), "text/plain; charset=utf-8"));
        router.MapWebSocket("/echo", async (WebSocketConnection ws) =>
        {
            await ws.AcceptAsync();
            await foreach (var text in ws.ReceiveTextMessagesAsync())
            {
                await ws.SendTextAsync(text);
            }
        });
        router.Mount("/raw", RawEcho);
        router.MapOpenApi(new OpenApiOptions { Title = "Gateway hello sample" });
        return router;
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Count()
    {
        for (var i = 1; i <= 5; i++)
        {
            yield return Encoding.UTF8.GetBytes($"{i}\n");
            await Task.Delay(200);
        }
    }

    // The bare contract still works beside handlers: POST /raw echoes the body as it streams.
    private static async ValueTask RawEcho(Scope scope, Receive receive, Send send)
    {
        if (scope.Type != ScopeType.Http || scope.Method != "POST")
        {
            await Results.Problem(405, "POST a body to echo it.").Invoke(scope, receive, send);
            return;
        }

        await send(new HttpResponseStart(200, [new("content-type", "application/octet-stream")]));
        while (await receive() is HttpRequest chunk)
        {
            await send(new HttpResponseBody(chunk.Body, chunk.MoreBody));
            if (!chunk.MoreBody)
            {
                return;
            }
        }
    }
}

/// <summary>A greeting.</summary>
/// <param name="Message">The text.</param>
internal sealed record Greeting(string Message);

/// <summary>An item to create.</summary>
/// <param name="Name">1 to 40 characters.</param>
/// <param name="Price">0 to 1000.</param>
internal sealed record NewItem([Required, StringLength(40, MinimumLength = 1)] string Name, [Range(0, 1000)] decimal Price);

/// <summary>An item.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Query">The query the client sent, if any.</param>
internal sealed record Item(int Id, string? Query);