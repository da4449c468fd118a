using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Gateway.Benchmarks.ChatLoad;

/// <summary>A user of the Gateway chat: one WebSocket at <c>/ws</c>, <c>auth</c>, <c>subscribe</c> to its room, then
/// <c>send</c> frames; acks and messages arrive on the same socket.</summary>
internal sealed class ChatClient(int index, int room, long roomId, Measurement measurement) : LoadClient(index, room, measurement)
{
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[64 * 1024];

    protected override async Task ConnectCoreAsync(Uri baseUri, string? access, CancellationToken cancellationToken)
    {
        var uri = new UriBuilder(baseUri) { Scheme = "ws", Path = "/ws" }.Uri;
        await _socket.ConnectAsync(uri, cancellationToken);
        await SendTextAsync($$"""{"type":"auth","token":"{{access}}"}""", cancellationToken);
        await ExpectAsync("ready", cancellationToken);
        await SendTextAsync(string.Create(CultureInfo.InvariantCulture, $$"""{"type":"subscribe","room_id":{{roomId}},"since_seq":0}"""), cancellationToken);
        await ExpectAsync("subscribed", cancellationToken);
    }

    protected override Task SendCoreAsync(string clientId, string text, CancellationToken cancellationToken) =>
        SendTextAsync(string.Create(CultureInfo.InvariantCulture, $$"""{"type":"send","room_id":{{roomId}},"client_id":"{{clientId}}","text":"{{text}}"}"""), cancellationToken);

    public override async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var length = await ReceiveAsync(cancellationToken);
                if (length < 0)
                {
                    Measurement.Error($"client {Index}: closed by the server ({_socket.CloseStatus} {_socket.CloseStatusDescription})");
                    return;
                }

                var received = Stopwatch.GetTimestamp();
                using var frame = JsonDocument.Parse(_buffer.AsMemory(0, length));
                var root = frame.RootElement;
                switch (root.GetProperty("type").GetString())
                {
                    case "message":
                        OnMessage(root.GetProperty("client_id").GetString()!, root.GetProperty("text").GetString()!, received);
                        break;
                    case "ack":
                        OnAck(root.GetProperty("client_id").GetString()!);
                        break;
                    case "error":
                        Measurement.Error($"client {Index}: {root.GetRawText()}");
                        break;
                    default:
                        break; // presence, typing
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is WebSocketException or JsonException or InvalidDataException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                Measurement.Error($"client {Index}: {exception.Message}");
            }
        }
    }

    public override ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task SendTextAsync(string text, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    private async Task ExpectAsync(string type, CancellationToken cancellationToken)
    {
        while (true)
        {
            var length = await ReceiveAsync(cancellationToken);
            if (length < 0)
            {
                throw new InvalidOperationException($"client {Index}: closed while waiting for {type} ({_socket.CloseStatus} {_socket.CloseStatusDescription})");
            }

            using var frame = JsonDocument.Parse(_buffer.AsMemory(0, length));
            var actual = frame.RootElement.GetProperty("type").GetString();
            if (actual == type)
            {
                return;
            }

            if (actual == "error")
            {
                throw new InvalidOperationException($"client {Index}: {frame.RootElement.GetRawText()} while waiting for {type}");
            }
        }
    }

    /// <summary>One text frame into the buffer; its length, or -1 once the server closed.</summary>
    private async Task<int> ReceiveAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                throw new InvalidDataException($"a frame over {_buffer.Length} bytes");
            }

            var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return -1;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return length;
            }
        }
    }
}