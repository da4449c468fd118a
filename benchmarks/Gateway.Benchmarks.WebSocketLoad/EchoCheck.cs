using System.Net.WebSockets;
using System.Text;

namespace Gateway.Benchmarks.WebSocketLoad;

/// <summary>Checks that an endpoint echoes one text and one binary message unchanged, so that a load run never
/// measures a server that answers something else.</summary>
internal static class EchoCheck
{
    /// <summary>Connects, sends a text and a binary message, compares each echo, closes.</summary>
    /// <param name="url">The endpoint.</param>
    /// <param name="size">The binary message size.</param>
    /// <param name="cancellationToken">Abandons the check.</param>
    /// <returns>Null when both echoes matched, else what went wrong.</returns>
    public static async Task<string?> RunAsync(Uri url, int size, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(url, cancellationToken);
        }
        catch (WebSocketException exception)
        {
            return socket.HttpStatusCode == 0
                ? $"no WebSocket handshake ({exception.Message})"
                : $"no WebSocket upgrade: HTTP {(int)socket.HttpStatusCode}";
        }

        var text = Encoding.UTF8.GetBytes("Hello, WebSocket!");
        var binary = new byte[size];
        for (var i = 0; i < binary.Length; i++)
        {
            binary[i] = (byte)i;
        }

        var buffer = new byte[Math.Max(size, text.Length) + 1];
        foreach (var (message, type) in new[] { (text, WebSocketMessageType.Text), (binary, WebSocketMessageType.Binary) })
        {
            await socket.SendAsync(message, type, endOfMessage: true, cancellationToken);
            var (count, receivedType) = await EchoLoad.ReceiveMessageAsync(socket, buffer, cancellationToken);
            if (receivedType != type || !buffer.AsSpan(0, count).SequenceEqual(message))
            {
                return $"a {type} message of {message.Length} bytes came back as a {receivedType} message of {count} bytes";
            }
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
        return null;
    }
}