// A Gateway app for Native AOT: the contract, the server, the router and validated handlers, no reflection. The
// handlers' binding, validation, JSON models and OpenAPI schemas come from Gateway.Validation's source generator; JSON
// bodies are written through the source-generated SampleJson context.
// `dotnet run --project samples/Gateway.Samples.Aot -- --port 8000`, or publish it with eng/aot-sample.sh.
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

using Gateway;
using Gateway.Routing;
using Gateway.Samples.Aot;
using Gateway.Server;

var json = new JsonSerializerOptions(JsonDefaults.Options) { TypeInfoResolver = SampleJson.Default, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
var router = new Router(new RouterOptions { JsonOptions = json });
router.MapGet("/", new TextResponse("Hello from Gateway"));
router.MapGet("/items/{id:int}", (scope, receive, send) =>
    new BytesResponse(Encoding.UTF8.GetBytes($$"""{"id":{{scope.PathParameters.Get<int>("id")}}}"""), "application/json").Invoke(scope, receive, send));
router.MapWebSocket("/echo", async (scope, receive, send) =>
{
    await receive(); // websocket.connect
    await send(new WebSocketAccept());
    while (await receive() is WebSocketReceive message)
    {
        await send(message.IsText ? new WebSocketSend(message.Text!) : new WebSocketSend(message.Data.ToArray()));
    }
});

var users = new UserDirectory();
router.MapPost("/users", (CreateUser user) =>
    users.Add(user) is { } created ? Results.Json(created, 201) : Results.Problem(507, "The sample holds at most 100,000 users.")).Produces<User>(201);
router.MapGet("/users/{id:int}", (int id, bool verbose = false, [FromHeader(Name = "x-tenant")] string? tenant = null) =>
    users.Find(id, verbose, tenant) is { } user ? Results.Ok(user) : Results.NotFound());
router.MapOpenApi(new OpenApiOptions { Title = "Gateway AOT sample", Version = "1.0" });

await GatewayServer.ServeAsync(router, args);