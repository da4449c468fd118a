using System.Net.WebSockets;

namespace Gateway.Benchmarks.Kestrel;

/// <summary><c>WS /ws/echo</c> on ASP.NET Core: accepts and sends every text and binary message back as it came.</summary>
internal static class WebSocketEcho
{
    private const int MaxMessageSize = 64 * 1024;

    /// <summary>Serves one request to <c>/ws/echo</c>: 400 unless it is a WebSocket upgrade, else echoes until the
    /// client closes.</summary>
    /// <param name="context">The request.</param>
    /// <returns>A task that completes when the connection is done.</returns>
    public static async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[MaxMessageSize];
        while (true)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (count == buffer.Length)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, null, CancellationToken.None);
                    return;
                }

                result = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                count += result.Count;
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, count), result.MessageType, endOfMessage: true, CancellationToken.None);
        }
    }
}