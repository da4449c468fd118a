// The hello sample: one app written against the Gateway contract alone, served by Gateway.Server.
// Run it with `dotnet run --project samples/Gateway.Samples.Hello [-- --port 8000]` and open the URL it prints.
using System.Text;
using System.Text.Json;
using Gateway;
using Gateway.Server;
using Microsoft.Extensions.Logging;

var port = args.Length >= 2 && args[0] == "--port" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8000;

using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
var options = new GatewayServerOptions { AccessLog = true }.ListenLocalhost(port);
await using var server = new GatewayServer(HelloApp.Create(), options, loggerFactory);
await server.StartAsync();
Console.WriteLine($"Gateway hello sample running: open {server.Urls[0]}/ in a browser (Ctrl+C stops it).");
await server.RunAsync();

/// <summary>The sample app: a page, a JSON endpoint, a streamed response and an echo, all on the bare contract.</summary>
internal static class HelloApp
{
    private static readonly HttpResponseStart HtmlStart = new(200, [new("content-type", "text/html; charset=utf-8")]);
    private static readonly HttpResponseBody Page = new(Encoding.UTF8.GetBytes("""
        <!doctype html>
        <title>Gateway</title>
        <h1>Hello from Gateway</h1>
        <ul>
          <li><a href="/hello?name=you">/hello?name=you</a> — JSON</li>
          <li><a href="/count">/count</a> — a response streamed in chunks</li>
          <li><code>curl -d 'some text' http://127.0.0.1:8000/echo</code> — the body, echoed as it streams</li>
        </ul>
        """));

    public static GatewayApp Create() => async (scope, receive, send) =>
    {
        if (scope.Type != ScopeType.Http)
        {
            return; // lifespan and WebSocket scopes are not used by this sample
        }

        switch (scope.Path)
        {
            case "/":
                await send(HtmlStart);
                await send(Page);
                break;
            case "/hello":
                var name = QueryValue(scope, "name") ?? "world";
                await send(new HttpResponseStart(200, [new("content-type", "application/json")]));
                await send(new HttpResponseBody(JsonSerializer.SerializeToUtf8Bytes(new { message = $"Hello, {name}!" })));
                break;
            case "/count":
                await send(new HttpResponseStart(200, [new("content-type", "text/plain; charset=utf-8")]));
                for (var i = 1; i <= 5; i++)
                {
                    await send(new HttpResponseBody(Encoding.UTF8.GetBytes($"{i}\n"), moreBody: true));
                    await Task.Delay(200, scope.Aborted);
                }

                await send(HttpResponseBody.Empty);
                break;
            case "/echo" when scope.Method == "POST":
                await send(new HttpResponseStart(200, [new("content-type", "application/octet-stream")]));
                while (await receive() is HttpRequest { } chunk)
                {
                    await send(new HttpResponseBody(chunk.Body, chunk.MoreBody));
                    if (!chunk.MoreBody)
                    {
                        break;
                    }
                }

                break;
            default:
                await send(new HttpResponseStart(404, [new("content-type", "text/plain")]));
                await send(new HttpResponseBody("Not Found"u8.ToArray()));
                break;
        }
    };

    private static string? QueryValue(Scope scope, string key)
    {
        foreach (var pair in Encoding.UTF8.GetString(scope.QueryString.Span).Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && Uri.UnescapeDataString(pair[..equals]) == key)
            {
                return Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            }
        }

        return null;
    }
}
