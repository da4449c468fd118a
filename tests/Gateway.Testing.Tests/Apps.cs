using System.Text;

namespace Gateway.Testing.Tests;

/// <summary>Small apps written against the contract alone, shared by the tests.</summary>
internal static class Apps
{
    /// <summary>How long a test waits for something the app should do promptly; only reached when a test fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Answers every request with <paramref name="status"/> and a text body.</summary>
    public static GatewayApp Text(string text, int status = 200) => async (_, _, send) =>
    {
        await send(new HttpResponseStart(status, [new("content-type", "text/plain; charset=utf-8")]));
        await send(new HttpResponseBody(Encoding.UTF8.GetBytes(text)));
    };

    /// <summary>Records the scope of each request it answers (204) in <paramref name="scope"/>.</summary>
    public static GatewayApp CaptureScope(TaskCompletionSource<Scope> scope) => async (received, _, send) =>
    {
        scope.TrySetResult(received);
        await send(new HttpResponseStart(204));
        await send(HttpResponseBody.Empty);
    };

    /// <summary>Echoes the request body as the response body, streaming both ways through the Pipelines adapters.</summary>
    public static async ValueTask Echo(Scope scope, Receive receive, Send send)
    {
        await send(new HttpResponseStart(200, [new("content-type", "application/octet-stream")]));
        var reader = RequestBodyReader.Create(scope, receive);
        var writer = ResponseBodyWriter.Create(scope, send);
        while (true)
        {
            var result = await reader.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                await writer.WriteAsync(segment);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await reader.CompleteAsync();
        await writer.CompleteAsync();
    }

    /// <summary>Accepts (with the first subprotocol offered, if any) and echoes every message, text as text and binary
    /// as binary, until the client leaves.</summary>
    public static async ValueTask WebSocketEcho(Scope scope, Receive receive, Send send)
    {
        Assert.IsType<WebSocketConnect>(await receive());
        await send(new WebSocketAccept(scope.Subprotocols.Count > 0 ? scope.Subprotocols[0] : null));
        while (true)
        {
            switch (await receive())
            {
                case WebSocketReceive { IsText: true } text:
                    await send(new WebSocketSend(text.Text!));
                    break;
                case WebSocketReceive binary:
                    await send(new WebSocketSend(binary.Data));
                    break;
                case WebSocketDisconnect:
                    return;
            }
        }
    }

    /// <summary>A request body of <paramref name="length"/> pseudo-random bytes, the same for the same seed.</summary>
    public static byte[] RandomBytes(int length, int seed = 42)
    {
        var bytes = new byte[length];
#pragma warning disable CA5394 // Test data, not security.
        new Random(seed).NextBytes(bytes);
#pragma warning restore CA5394
        return bytes;
    }
}