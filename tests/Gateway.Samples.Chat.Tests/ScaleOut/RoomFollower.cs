using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.ScaleOut;

/// <summary>
/// A client that behaves as the protocol asks: it follows one room, keeps every message it receives (duplicates
/// included, so a test can see them), and when its socket closes for any reason it reconnects through nginx (to
/// whichever instance nginx picks) and subscribes with the last seq it has. Sends wait for their ack and are
/// resent with the same client_id after a reconnect, as a client that never saw the ack does.
/// </summary>
internal sealed class RoomFollower : IAsyncDisposable
{
    private readonly ChatCluster _cluster;
    private readonly string _access;
    private readonly long _roomId;
    private readonly List<(long Seq, string Text)> _messages = [];
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _acks = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private ChatSocket? _socket;
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private int _reconnects;

    public RoomFollower(ChatCluster cluster, string access, long roomId)
    {
        _cluster = cluster;
        _access = access;
        _roomId = roomId;
    }

    /// <summary>Every message frame received, in arrival order.</summary>
    public IReadOnlyList<(long Seq, string Text)> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    public IReadOnlyList<long> Seqs => [.. Messages.Select(m => m.Seq)];

    /// <summary>How many times the socket was replaced after it closed.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>The instance (host:port) the current socket goes to.</summary>
    public string? Upstream => _socket?.Upstream;

    /// <summary>Connects on instance <paramref name="index"/>, subscribes from seq 0 and starts following.</summary>
    public async Task StartAsync(int index)
    {
        var socket = await _cluster.ConnectOnAsync(index, _access);
        await SubscribeAsync(socket);
        _loop = Task.Run(FollowAsync);
    }

    /// <summary>Sends a message and waits for its ack, resending with the same client_id across reconnects.</summary>
    public async Task<JsonElement> SendAsync(string clientId, string text)
    {
        var deadline = DateTime.UtcNow + ChatCluster.Patience;
        var ack = _acks.GetOrAdd(clientId, _ => new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously));
        while (true)
        {
            Task connected;
            lock (_lock)
            {
                connected = _connected.Task;
            }

            await connected.WaitAsync(deadline - DateTime.UtcNow);
            try
            {
                await _sendGate.WaitAsync();
                try
                {
                    await _socket!.SendAsync(new { type = "send", room_id = _roomId, client_id = clientId, text });
                }
                finally
                {
                    _sendGate.Release();
                }

                // The ack comes back on the same socket; if that socket dies first, send again on the next one.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                return await ack.Task.WaitAsync(timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"no ack for {clientId} within {ChatCluster.Patience.TotalSeconds:0} s", exception);
                }
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> messages arrived.</summary>
    public Task WaitForAsync(int count, string who) =>
        Eventually.ThatAsync(() => Task.FromResult(Messages.Count >= count), $"{who} to have {count} messages (has {string.Join(",", Seqs)})");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_socket is { } socket)
        {
            await socket.DisposeAsync();
        }

        if (_loop is not null)
        {
            await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _stop.Dispose();
        _sendGate.Dispose();
    }

    private long LastSeq
    {
        get
        {
            lock (_lock)
            {
                return _messages.Count == 0 ? 0 : _messages.Max(m => m.Seq);
            }
        }
    }

    private async Task SubscribeAsync(ChatSocket socket)
    {
        await socket.SendAsync(new { type = "subscribe", room_id = _roomId, since_seq = LastSeq });
        lock (_lock)
        {
            _socket = socket;
            _connected.TrySetResult();
        }
    }

    private async Task FollowAsync()
    {
        var buffer = new byte[128 * 1024];
        while (!_stop.IsCancellationRequested)
        {
            var socket = _socket!;
            try
            {
                while (true)
                {
                    var length = 0;
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        result = await socket.Socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token);
                        length += result.Count;
                    }
                    while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }

                    Handle(JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, length)).RootElement.Clone());
                }
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // Closed under us (a killed instance resets the connection).
            }

            if (_stop.IsCancellationRequested)
            {
                return;
            }

            await ReconnectAsync(socket);
        }
    }

    private void Handle(JsonElement frame)
    {
        switch (frame.GetProperty("type").GetString())
        {
            case "message" when frame.GetProperty("room_id").GetInt64() == _roomId:
                lock (_lock)
                {
                    _messages.Add((frame.GetProperty("seq").GetInt64(), frame.GetProperty("text").GetString()!));
                }

                break;
            case "ack":
                if (_acks.TryGetValue(frame.GetProperty("client_id").GetString()!, out var ack))
                {
                    ack.TrySetResult(frame);
                }

                break;
            default:
                break; // subscribed, presence, typing
        }
    }

    private async Task ReconnectAsync(ChatSocket dead)
    {
        lock (_lock)
        {
            if (_connected.Task.IsCompleted)
            {
                _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        dead.Socket.Abort();
        await dead.DisposeAsync();
        Interlocked.Increment(ref _reconnects);
        var deadline = DateTime.UtcNow + ChatCluster.Patience;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var socket = await ChatSocket.ConnectAuthenticatedAsync(_cluster.Nginx.WebSocketUri, _access);
                await SubscribeAsync(socket);
                return;
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or InvalidOperationException or Xunit.Sdk.XunitException)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("could not reconnect through nginx", exception);
                }

                await Task.Delay(200);
            }
        }
    }
}