// The README's first example, compiled with the README's usings only (Gateway.Server for GatewayServer), and run
// over a real socket: each comment of the example is asserted below.
using Gateway.Routing;
using Gateway.Server;

using System.ComponentModel.DataAnnotations;

namespace Gateway.Validation.Tests.Readme;

public sealed class ReadmeExampleTests : IDisposable
{
    private readonly string _logo = Path.Combine(Path.GetTempPath(), $"gateway-readme-{Guid.NewGuid():N}.png");

    public ReadmeExampleTests() => File.WriteAllBytes(_logo, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 42]);

    public void Dispose() => File.Delete(_logo);

    /// <summary>The example program's body, with the logo's path and a free port.</summary>
    private static GatewayServer Program(string logo)
    {
        var router = new Router();
        router.MapGet("/", () => "Hello");                                   // text/plain
        router.MapPost("/items", (NewItem item) => Results.Created($"/items/1", item));  // 201 JSON; 422 FastAPI-shaped
        router.MapGet("/items/{id:int}", (int id, Request request) => new Item(id, request.Query["q"]));
        router.MapGet("/logo", () => Results.File(logo));                  // a Response, sent as is
        router.MapWebSocket("/echo", async (WebSocketConnection ws) =>
        {
            await ws.AcceptAsync();
            await foreach (var text in ws.ReceiveTextMessagesAsync()) await ws.SendTextAsync(text);
        });
        router.MapOpenApi();
        return new GatewayServer(router, new GatewayServerOptions().ListenLocalhost(0));
    }

    [Fact]
    public async Task The_example_behaves_as_its_comments_say()
    {
        await using var server = Program(_logo);
        await server.StartAsync().WaitAsync(Api.Timeout);
        var port = ((System.Net.IPEndPoint)server.EndPoints[0]).Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Api.Timeout };

        // text/plain
        var hello = await http.GetAsync("/");
        Assert.Equal("text/plain; charset=utf-8", hello.Content.Headers.ContentType?.ToString());
        Assert.Equal("Hello", await hello.Content.ReadAsStringAsync());

        // 201 JSON
        var created = await http.PostJsonAsync("/items", """{"name":"pen","price":12.5}""");
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/items/1", created.Headers.Location?.OriginalString);
        Assert.Equal("application/json", created.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"name":"pen","price":12.5}""", await created.Content.ReadAsStringAsync());

        // 422 FastAPI-shaped
        var errors = await (await http.PostJsonAsync("/items", """{"price":1001}""")).ErrorsAsync();
        Assert.Equal("missing", errors.Find("body.name").Type());
        var price = errors.Find("body.price");
        Assert.Equal("less_than_equal", price.Type());
        Assert.Equal("1001", price.Raw("input"));
        Assert.Equal(2, errors.Length);

        // a path parameter and the request's query
        Assert.Equal("""{"id":5,"query":"a b"}""", await http.GetStringAsync("/items/5?q=a+b"));
        Assert.Equal("""{"id":6,"query":null}""", await http.GetStringAsync("/items/6"));

        // a Response, sent as is
        var logo = await http.GetAsync("/logo");
        Assert.Equal("image/png", logo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(_logo), await logo.Content.ReadAsByteArrayAsync());

        // the OpenAPI document
        var document = await http.GetAsync("/openapi.json");
        Assert.Equal(System.Net.HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("\"/items/{id}\"", await document.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // the echo WebSocket
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        using var timeout = new CancellationTokenSource(Api.Timeout);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/echo"), timeout.Token);
        await Support.Sockets.SendTextAsync(socket, "hé");
        Assert.Equal("hé", await Support.Sockets.ReceiveTextAsync(socket));
        await Support.Sockets.SendTextAsync(socket, "again");
        Assert.Equal("again", await Support.Sockets.ReceiveTextAsync(socket));
        await Support.Sockets.CloseAsync(socket);
    }
}

public sealed record NewItem([Required, StringLength(40)] string Name, [Range(0, 1000)] decimal Price);

public sealed record Item(int Id, string? Query);