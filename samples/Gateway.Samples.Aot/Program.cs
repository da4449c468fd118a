// A Gateway app for Native AOT: the contract, the server and the router, no reflection.
// `dotnet run --project samples/Gateway.Samples.Aot -- --port 8000`, or publish it with eng/aot-sample.sh.
using System.Text;

using Gateway;
using Gateway.Routing;
using Gateway.Server;

var router = new Router();
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

await GatewayServer.ServeAsync(router, args);