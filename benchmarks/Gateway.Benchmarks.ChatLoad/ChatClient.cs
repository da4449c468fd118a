using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Gateway.Benchmarks.ChatLoad;

/// <summary>What every client counts while <see cref="Measuring"/> is set (the measured window).</summary>
internal sealed class Measurement
{
    private int _measuring;
    private long _acks;
    private long _deliveries;
    private long _errors;
    private long _skipped;

    public bool Measuring
    {
        get => Volatile.Read(ref _measuring) != 0;
        set => Volatile.Write(ref _measuring, value ? 1 : 0);
    }

    /// <summary>Send timestamp (Stopwatch) → receipt at another client.</summary>
    public LatencyHistogram Latency { get; } = new();

    public long Acks => Interlocked.Read(ref _acks);

    public long Deliveries => Interlocked.Read(ref _deliveries);

    /// <summary>Error frames and failed connections, warm-up included.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Send slots a client missed because it was still sending the previous one.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    public string? FirstError { get; private set; }

    public void Ack() => Interlocked.Increment(ref _acks);

    public void Delivery() => Interlocked.Increment(ref _deliveries);

    public void Skip(long slots) => Interlocked.Add(ref _skipped, slots);

    public void Error(string what)
    {
        if (Interlocked.Increment(ref _errors) == 1)
        {
            FirstError = what;
        }
    }
}

/// <summary>One user's WebSocket: authenticated, subscribed to its room, then a receive loop and a fixed-rate send loop.
/// Each message's text is <c>bench &lt;sender index&gt; &lt;Stopwatch timestamp&gt;</c>.</summary>
internal sealed class ChatClient(int index, long roomId, Measurement measurement) : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[64 * 1024];

    /// <summary>Connects, authenticates, subscribes and reads up to <c>subscribed</c>.</summary>
    public async Task ConnectAsync(Uri uri, string access, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_wait);
        await _socket.ConnectAsync(uri, timeout.Token);
        await SendAsync($$"""{"type":"auth","token":"{{access}}"}""", timeout.Token);
        await ExpectAsync("ready", timeout.Token);
        await SendAsync(string.Create(CultureInfo.InvariantCulture, $$"""{"type":"subscribe","room_id":{{roomId}},"since_seq":0}"""), timeout.Token);
        await ExpectAsync("subscribed", timeout.Token);
    }

    /// <summary>Counts acks and deliveries until the socket closes or <paramref name="cancellationToken"/> fires.</summary>
    public async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var length = await ReceiveAsync(cancellationToken);
                if (length < 0)
                {
                    measurement.Error($"client {index}: closed by the server ({_socket.CloseStatus} {_socket.CloseStatusDescription})");
                    return;
                }

                var received = Stopwatch.GetTimestamp();
                using var frame = JsonDocument.Parse(_buffer.AsMemory(0, length));
                var root = frame.RootElement;
                switch (root.GetProperty("type").GetString())
                {
                    case "message" when measurement.Measuring:
                        measurement.Delivery();
                        var parts = root.GetProperty("text").GetString()!.Split(' ');
                        if (parts.Length == 3 && parts[0] == "bench" && int.Parse(parts[1], CultureInfo.InvariantCulture) != index)
                        {
                            measurement.Latency.Record(Stopwatch.GetElapsedTime(long.Parse(parts[2], CultureInfo.InvariantCulture), received));
                        }

                        break;
                    case "ack" when measurement.Measuring:
                        measurement.Ack();
                        break;
                    case "error":
                        measurement.Error($"client {index}: {root.GetRawText()}");
                        break;
                    default:
                        break; // presence, typing, and the warm-up
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
                measurement.Error($"client {index}: {exception.Message}");
            }
        }
    }

    /// <summary>Sends one message every <paramref name="period"/> from <paramref name="start"/> + <paramref name="phase"/>
    /// until cancelled; a slot that has passed while a send was blocked is skipped, not made up.</summary>
    public async Task SendLoopAsync(long start, TimeSpan phase, TimeSpan period, CancellationToken cancellationToken)
    {
        long slot = 0;
        try
        {
            while (true)
            {
                var due = phase + (period * slot);
                var wait = due - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                var sent = Stopwatch.GetTimestamp();
                var frame = string.Create(
                    CultureInfo.InvariantCulture,
                    $$"""{"type":"send","room_id":{{roomId}},"client_id":"c{{index}}-{{slot}}","text":"bench {{index}} {{sent}}"}""");
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeout.CancelAfter(s_wait);
                    await SendAsync(frame, timeout.Token);
                }

                var next = (long)Math.Floor((Stopwatch.GetElapsedTime(start) - phase) / period) + 1;
                if (next > slot + 1)
                {
                    measurement.Skip(next - slot - 1);
                }

                slot = Math.Max(slot + 1, next);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            measurement.Error($"client {index}: send failed: {exception.Message}");
        }
    }

    public void Dispose()
    {
        _socket.Abort();
        _socket.Dispose();
    }

    private Task SendAsync(string text, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    private async Task ExpectAsync(string type, CancellationToken cancellationToken)
    {
        while (true)
        {
            var length = await ReceiveAsync(cancellationToken);
            if (length < 0)
            {
                throw new InvalidOperationException($"client {index}: closed while waiting for {type} ({_socket.CloseStatus} {_socket.CloseStatusDescription})");
            }

            using var frame = JsonDocument.Parse(_buffer.AsMemory(0, length));
            var actual = frame.RootElement.GetProperty("type").GetString();
            if (actual == type)
            {
                return;
            }

            if (actual == "error")
            {
                throw new InvalidOperationException($"client {index}: {frame.RootElement.GetRawText()} while waiting for {type}");
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