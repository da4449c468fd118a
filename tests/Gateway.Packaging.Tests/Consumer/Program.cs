// The consumer program the packaging tests build against the packed Gateway packages, installed by version from a
// local feed. It is a whole program in one file so that it can be replaced by the README's example as that evolves;
// the test only relies on: `--port N` selects the port on 127.0.0.1, GET /hello/{name} answers "Hello, {name}!", and
// the server prints "listening on http://127.0.0.1:N".
using System.Text;
using Gateway;
using Gateway.Routing;
using Gateway.Server;

GatewayApp hello = async (scope, receive, send) =>
{
    var name = scope.PathParameters.Get<string>("name");
    await send(new HttpResponseStart(200, [new("content-type", "text/plain; charset=utf-8")]));
    await send(new HttpResponseBody(Encoding.UTF8.GetBytes($"Hello, {name}!")));
};

var router = new Router();
router.MapGet("/hello/{name}", hello);

await GatewayServer.ServeAsync(router, args);
