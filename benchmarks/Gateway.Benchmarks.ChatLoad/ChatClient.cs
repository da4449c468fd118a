using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Gateway.Benchmarks.ChatLoad;

/// <summary>A user of the Gateway chat: one WebSocket at <c>/ws</c>, <c>auth</c>, <c>subscribe</c> to its room, then
/// <c>send</c> frames; acks and messages arrive on the same socket. Closed by the server as a slow consumer (1013) or
/// for a resync (4000), it does what the protocol asks of a client: reconnects and subscribes from the last seq it got,
/// so the replay fills what it missed (each resumption is counted, not an error).</summary>
internal sealed class ChatClient(int index, int room, long roomId, Measurement measurement) : LoadClient(index, room, measurement)
{
    private const int SlowConsumer = 1013;
    private const int Resync = 4000;

    private readonly byte[] _buffer = new byte[64 * 1024];
    // Held by a send and by a reconnection, so a send never goes to a socket being replaced.
    private readonly SemaphoreSlim _socketLock = new(1, 1);
    private ClientWebSocket _socket = new();
    private Uri? _uri;
    private string? _access;
    private long _lastSeq;

    protected override async Task ConnectCoreAsync(Uri baseUri, string? access, CancellationToken cancellationToken)
    {
        _uri = new UriBuilder(baseUri) { Scheme = "ws", Path = "/ws" }.Uri;
        _access = access;
        await OpenAsync(cancellationToken);
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        await _socket.ConnectAsync(_uri!, cancellationToken);
        await SendTextAsync($$"""{"type":"auth","token":"{{_access}}"}""", cancellationToken);
        await ExpectAsync("ready", cancellationToken);
        await SendTextAsync(string.Create(CultureInfo.InvariantCulture, $$"""{"type":"subscribe","room_id":{{roomId}},"since_seq":{{_lastSeq}}}"""), cancellationToken);
        await ExpectAsync("subscribed", cancellationToken);
    }

    protected override async Task SendCoreAsync(string clientId, string text, CancellationToken cancellationToken)
    {
        await _socketLock.WaitAsync(cancellationToken);
        try
        {
            await SendTextAsync(string.Create(CultureInfo.InvariantCulture, $$"""{"type":"send","room_id":{{roomId}},"client_id":"{{clientId}}","text":"{{text}}"}"""), cancellationToken);
        }
        catch (WebSocketException) when (_socket.State != WebSocketState.Open)
        {
            // Closed under the send: the receive loop resumes the connection; this message is never acknowledged and
            // so is not counted as lost (a real client would resend it with the same client_id).
        }
        finally
        {
            _socketLock.Release();
        }
    }

    // Replaces a socket the server closed with 1013 or 4000; false for any other close.
    private async Task<bool> ResumeAsync(CancellationToken cancellationToken)
    {
        if ((int?)_socket.CloseStatus is not (SlowConsumer or Resync))
        {
            return false;
        }

        await _socketLock.WaitAsync(cancellationToken);
        try
        {
            _socket.Dispose();
            _socket = new ClientWebSocket();
            Measurement.Resumed();
            await OpenAsync(cancellationToken);
            return true;
        }
        finally
        {
            _socketLock.Release();
        }
    }

    public override async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var length = await ReceiveAsync(cancellationToken);
                if (length < 0)
                {
                    if (await ResumeAsync(cancellationToken))
                    {
                        continue;
                    }

                    Measurement.Error($"client {Index}: closed by the server ({_socket.CloseStatus} {_socket.CloseStatusDescription})");
                    return;
                }

                var received = Stopwatch.GetTimestamp();
                using var frame = JsonDocument.Parse(_buffer.AsMemory(0, length));
                var root = frame.RootElement;
                switch (root.GetProperty("type").GetString())
                {
                    case "message":
                        _lastSeq = root.GetProperty("seq").GetInt64();
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
        _socketLock.Dispose();
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