using System.Text;

namespace Gateway.Server.Tests.Support;

/// <summary>Small apps written against the contract alone, for the server tests.</summary>
internal static class Apps
{
    public static GatewayApp Http(Func<Scope, Receive, Send, ValueTask> handler) => (scope, receive, send) =>
        scope.Type == ScopeType.Http ? handler(scope, receive, send) : ValueTask.CompletedTask;

    /// <summary>A WebSocket-only app (lifespan and HTTP scopes return at once, which the server tolerates).</summary>
    public static GatewayApp WebSocket(Func<Scope, Receive, Send, ValueTask> handler) => (scope, receive, send) =>
        scope.Type == ScopeType.WebSocket ? handler(scope, receive, send) : ValueTask.CompletedTask;

    public static GatewayApp Text(string text, int status = 200) => Http(async (_, _, send) =>
    {
        await send(new HttpResponseStart(status, [new("content-type", "text/plain; charset=utf-8")]));
        await send(new HttpResponseBody(Encoding.UTF8.GetBytes(text)));
    });

    /// <summary>Streams the request body back chunk by chunk, as it arrives (no content-length: chunked on HTTP/1.1).</summary>
    public static GatewayApp Echo => Http(async (_, receive, send) =>
    {
        await send(new HttpResponseStart(200, [new("content-type", "application/octet-stream")]));
        while (true)
        {
            var message = await receive();
            if (message is not HttpRequest request)
            {
                return;
            }

            // The chunk may point into the server's buffer: send copies it before completing, so no copy is needed.
            await send(new HttpResponseBody(request.Body, moreBody: request.MoreBody));
            if (!request.MoreBody)
            {
                return;
            }
        }
    });

    public static async Task<byte[]> ReadBodyAsync(Receive receive)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var message = await receive();
            if (message is not HttpRequest request)
            {
                throw new IOException($"Expected a body chunk, got {message.Name}.");
            }

            body.Write(request.Body.Span);
            if (!request.MoreBody)
            {
                return body.ToArray();
            }
        }
    }
}