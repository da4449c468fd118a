// A Gateway app under the .NET generic host. Where it listens and its limits come from appsettings.json, overridable
// from the environment (Gateway__Server__Listen=http://0.0.0.0:8080) or the command line
// (--Gateway:Server:Listen=http://127.0.0.1:9000). Ctrl+C or SIGTERM stops it after in-flight requests finish.
using System.Text;

using Gateway;
using Gateway.Hosting;

using Microsoft.Extensions.Hosting;

GatewayApp app = async (scope, receive, send) =>
{
    if (scope.Type != ScopeType.Http)
    {
        return;
    }

    long received = 0;
    while (await receive() is HttpRequest { } chunk)
    {
        received += chunk.Body.Length;
        if (!chunk.MoreBody)
        {
            break;
        }
    }

    if (scope.Path == "/slow")
    {
        await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
    }

    await send(new HttpResponseStart(200, [new("content-type", "text/plain; charset=utf-8")]));
    await send(new HttpResponseBody(Encoding.UTF8.GetBytes($"Hello from the generic host ({scope.Path}, {received} bytes)")));
};

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddGateway(app);
await builder.Build().RunAsync();