using System.Buffers;
using System.IO.Pipelines;
using System.Text;

using Gateway.Server.Protocol.WebSockets;
using Gateway.Server.Transport;

namespace Gateway.Server.Connection.WebSockets;

// An open WebSocket connection, after the 101. Who ends it, and what each side then sees:
//
//   event                            app's receive returns                peer receives                app's send
//   -------------------------------  -----------------------------------  ---------------------------  ------------------
//   app sends websocket.close        disconnect(its code) at once         close(code, reason)          throws (validator)
//   app returns                      -                                    close 1000                   -
//   app throws                       -                                    close 1011                   -
//   peer sends close                 queued messages, disconnect(code)    the echo of its close        ClientDisconnected
//   peer breaks the protocol         queued messages, disconnect(code)    close(1002/1007/1009, why)   ClientDisconnected
//   peer drops the connection        queued messages, disconnect(1006)    -                            ClientDisconnected
//   keep-alive pong missing          queued messages, disconnect(1011)    close 1011, then abort       ClientDisconnected
//   idle timeout                     queued messages, disconnect(1001)    close 1001                   ClientDisconnected
//   server shutting down             queued messages, disconnect(1001)    close 1001                   ClientDisconnected
//
// The close frame the server sends is claimed once, first claim wins, and always before the app's receive can learn that
// the connection ends: an app woken by a disconnect(1002) returns at once, and its close 1000 must not overtake the 1002.
//
// After the server sent its close frame it keeps reading (discarding data) until the peer's close arrives, for at most
// the close timeout, then the connection ends. Timeouts, keep-alive pings and the send data rate are driven by the
// server's heartbeat: nothing per frame touches a timer.

/// <summary>
/// Runs one WebSocket connection after the handshake: reads frames into the app's bounded receive queue, answers pings,
/// writes the app's messages, sends keep-alive pings and performs the close handshake.
/// </summary>
/// <remarks>Threads: the read loop, the app's <c>receive</c> and <c>send</c>, and the heartbeat. Output is written only
/// under <see cref="_writeLock"/>; the input only by the read loop.</remarks>
internal sealed partial class WebSocketSession : IDisposable
{
    private const int MaxCloseReasonBytes = 123;

    private readonly long _id;
    private readonly TransportConnection _transport;
    private readonly ServiceContext _context;
    private readonly WebSocketOptions _options;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly WebSocketFrameReader _frames;
    private readonly WebSocketFrameWriter _writer;
    private readonly WebSocketMessageBuffer _message;
    private readonly WebSocketReceiveQueue _queue;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    private Task _readLoop = Task.CompletedTask;

    // Close state: each side's close frame, once.
    private volatile bool _closeSent;
    private volatile bool _closeReceived;
    private volatile bool _outputFailed;
    private volatile bool _disposed;
    private WebSocketDisconnect? _closedByApp;
    private ClaimedClose? _claimedClose;
    private long _closeSentAt;
    private int _peerCloseCode;
    private string _peerCloseReason = string.Empty;

    // Heartbeat bookkeeping, in Environment.TickCount64 milliseconds.
    private long _lastReceived;
    private long _lastMessage;
    private long _pingSentAt;
    private long _flushWaitStarted;
    private long _flushBytes;

    public WebSocketSession(long id, TransportConnection transport, ServiceContext context, PerMessageDeflateParameters? deflate)
    {
        _id = id;
        _transport = transport;
        _context = context;
        _options = context.Options.WebSockets;
        _input = transport.Transport.Input;
        _output = transport.Transport.Output;
        var protocol = context.WebSocketProtocol;
        _frames = new WebSocketFrameReader(protocol.MaxMessageSize, deflate);
        _writer = new WebSocketFrameWriter(deflate, protocol.Compression);
        _message = new WebSocketMessageBuffer(protocol.MaxMessageSize);
        _queue = new WebSocketReceiveQueue(_options.ReceiveQueueCapacity, Math.Max(protocol.MaxMessageSize, 64 * 1024));
        _lastReceived = _lastMessage = Environment.TickCount64;
    }

    /// <summary>The messages waiting for the app (for tests of the back-pressure).</summary>
    internal int QueuedMessages => _queue.Count;

    /// <summary>Starts reading frames.</summary>
    public void Start() => _readLoop = ReadLoopAsync();

    /// <summary>The app's <c>receive</c> once the connection is open.</summary>
    public ValueTask<Message> ReceiveAsync(CancellationToken cancellationToken)
    {
        var closed = Volatile.Read(ref _closedByApp);
        return closed is not null ? ValueTask.FromResult<Message>(closed) : _queue.DequeueAsync(cancellationToken);
    }

    /// <summary>The app's <c>websocket.send</c>: completes once the frame is in the pipe and the pipe has room.</summary>
    public async ValueTask SendAsync(WebSocketSend message, CancellationToken cancellationToken)
    {
        ThrowIfClosed(message);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfClosed(message);
            var before = _output.UnflushedBytes;
            _writer.WriteMessage(_output, message);
            Volatile.Write(ref _lastMessage, Environment.TickCount64);
            await FlushAsync(_output.UnflushedBytes - before, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The app's <c>websocket.close</c>: sends the close frame; the app's <c>receive</c> returns
    /// <see cref="WebSocketDisconnect"/> with the same code from now on, and the connection waits (bounded) for the
    /// peer's close.</summary>
    public async ValueTask CloseFromAppAsync(WebSocketClose close, CancellationToken cancellationToken)
    {
        var disconnect = new WebSocketDisconnect(close.Code, close.Reason);
        ClaimClose(close.Code, close.Reason);
        Volatile.Write(ref _closedByApp, disconnect);
        _queue.Complete(disconnect);
        await SendCloseAsync(close.Code, close.Reason, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the connection once the app has returned: closes with 1000 (or 1011 after a failure) unless a close
    /// was sent already, then waits for the peer's close and the read loop, at most the close timeout.</summary>
    public async Task FinishAsync(bool appFailed)
    {
        ClaimClose(appFailed ? WebSocketCloseCode.InternalError : WebSocketCloseCode.NormalClosure, null);
        _queue.Complete(new WebSocketDisconnect(appFailed ? WebSocketCloseCode.InternalError : WebSocketCloseCode.NormalClosure));
        try
        {
            await SendCloseAsync(appFailed ? WebSocketCloseCode.InternalError : WebSocketCloseCode.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ClientDisconnectedException or InvalidOperationException or IOException or ObjectDisposedException)
        {
            // The peer is gone: there is no one to say goodbye to; the read loop ends the same way.
        }

        // The heartbeat aborts the transport once the close timeout passes, which ends the read loop.
        await _readLoop.ConfigureAwait(false);
    }

    /// <summary>Asks for a graceful close (the server is stopping): close 1001.</summary>
    public void RequestClose() => _ = CloseFromServerAsync(WebSocketCloseCode.GoingAway, "The server is shutting down.");

    /// <summary>Enforces the keep-alive ping, the close timeout, the idle timeout and the send data rate.</summary>
    public void OnHeartbeat(long nowTicks)
    {
        if (_disposed)
        {
            return;
        }

        if (_closeSent)
        {
            if (!_closeReceived && nowTicks - Volatile.Read(ref _closeSentAt) > (long)_options.CloseTimeout.TotalMilliseconds)
            {
                ServerLog.ConnectionTimeout(_context.Logger, _id, "the WebSocket peer did not answer the close frame in time");
                _transport.Abort(new ConnectionResetException("The WebSocket close handshake timed out."));
            }
        }
        else
        {
            CheckKeepAlive(nowTicks);
            if (_options.IdleTimeout is { } idle && nowTicks - Volatile.Read(ref _lastMessage) > (long)idle.TotalMilliseconds)
            {
                _ = CloseFromServerAsync(WebSocketCloseCode.GoingAway, "Idle timeout.");
            }
        }

        CheckSendRate(nowTicks);
    }

    public void Dispose()
    {
        // The write lock is not disposed: a heartbeat ping may still be releasing it (it holds no wait handle).
        _disposed = true;
        _frames.Dispose();
        _writer.Dispose();
        _message.Dispose();
    }

    private void CheckKeepAlive(long nowTicks)
    {
        if (_options.KeepAliveInterval is not { } interval)
        {
            return;
        }

        var pingSentAt = Volatile.Read(ref _pingSentAt);
        if (pingSentAt != 0)
        {
            if (_options.KeepAliveTimeout is { } timeout && nowTicks - pingSentAt > (long)timeout.TotalMilliseconds)
            {
                ServerLog.ConnectionTimeout(_context.Logger, _id, "the WebSocket peer did not answer a keep-alive ping");
                _ = FailAsync(WebSocketCloseCode.InternalError, "Keep-alive ping timeout.", abort: true);
            }

            return;
        }

        if (nowTicks - Volatile.Read(ref _lastReceived) >= (long)interval.TotalMilliseconds)
        {
            _ = SendPingAsync(nowTicks);
        }
    }

    private async Task SendPingAsync(long nowTicks)
    {
        // The heartbeat never waits: if the app is sending right now, the next beat pings instead.
        if (!_writeLock.Wait(0))
        {
            return;
        }

        try
        {
            if (_closeSent || _outputFailed)
            {
                return;
            }

            Volatile.Write(ref _pingSentAt, nowTicks);
            Span<byte> payload = stackalloc byte[sizeof(long)];
            BitConverter.TryWriteBytes(payload, nowTicks);
            WebSocketFrameWriter.WritePing(_output, payload);
            await FlushAsync(2 + sizeof(long), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ClientDisconnectedException or InvalidOperationException or IOException or ObjectDisposedException)
        {
            // The connection is ending: the read loop sees the same failure.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void CheckSendRate(long nowTicks)
    {
        if (_context.Limits.MinResponseDataRate is not { } rate)
        {
            return;
        }

        var started = Volatile.Read(ref _flushWaitStarted);
        if (started != 0 && rate.IsTooSlow(Volatile.Read(ref _flushBytes), TimeSpan.FromMilliseconds(nowTicks - started)))
        {
            ServerLog.ConnectionTimeout(_context.Logger, _id, "the WebSocket peer reads too slowly");
            _transport.Abort(new ConnectionResetException("The WebSocket peer read below the minimum data rate."));
        }
    }

    /// <summary>Closes on the server's own initiative (shutdown, idle): the app's receive ends with the same code.</summary>
    private async Task CloseFromServerAsync(int code, string reason)
    {
        if (_closeSent || !ClaimClose(code, reason))
        {
            return;
        }

        _queue.Complete(new WebSocketDisconnect(code, reason));
        try
        {
            await SendCloseAsync(code, reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ClientDisconnectedException or InvalidOperationException or IOException or ObjectDisposedException)
        {
            // Gone already: the read loop ends the connection.
        }
    }

    /// <summary>Fails the connection: close frame with <paramref name="code"/> (when none was sent), the app's receive ends
    /// with it, and reading stops at once when the peer is not expected to answer.</summary>
    private async Task FailAsync(int code, string reason, bool abort)
    {
        ClaimClose(code, reason);
        _queue.Complete(new WebSocketDisconnect(code, reason));
        try
        {
            await SendCloseAsync(code, reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ClientDisconnectedException or InvalidOperationException or IOException or ObjectDisposedException)
        {
            // Nothing more to say.
        }

        if (abort)
        {
            // Stop reading from a peer presumed dead; the close frame still drains (bounded) as the connection ends.
            _input.CancelPendingRead();
        }
    }

    /// <summary>Claims the server's close frame for <paramref name="code"/>; false when another close was claimed first.</summary>
    private bool ClaimClose(int code, string? reason) =>
        Interlocked.CompareExchange(ref _claimedClose, new ClaimedClose(code, reason), null) is null;

    /// <summary>Sends the server's close frame unless one was sent already: the claimed one, which is
    /// <paramref name="code"/> and <paramref name="reason"/> only when nothing else claimed the close first.</summary>
    private async ValueTask SendCloseAsync(int code, string? reason, CancellationToken cancellationToken)
    {
        ClaimClose(code, reason);
        if (_closeSent)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closeSent)
            {
                return;
            }

            Volatile.Write(ref _closeSentAt, Environment.TickCount64);
            _closeSent = true;
            if (_outputFailed)
            {
                return;
            }

            var claimed = Volatile.Read(ref _claimedClose)!;
            WriteCloseFrame(claimed.Code, claimed.Reason);
            await FlushAsync(MaxCloseReasonBytes + 4, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void WriteCloseFrame(int code, string? reason)
    {
        if (code == WebSocketCloseCode.NoStatusReceived)
        {
            // The echo of a close without a code is a close without a code.
            WebSocketFrameWriter.WriteClose(_output, code);
            return;
        }

        Span<byte> utf8 = stackalloc byte[MaxCloseReasonBytes];
        var length = 0;
        if (!string.IsNullOrEmpty(reason))
        {
            // A reason of ours may be too long for a control frame: cut it at a character boundary.
            System.Text.Unicode.Utf8.FromUtf16(reason, utf8, out _, out length);
        }

        WebSocketFrameWriter.WriteCloseUtf8(_output, code, utf8[..length]);
    }

    private ValueTask FlushAsync(long bytes, CancellationToken cancellationToken)
    {
        ValueTask<FlushResult> flush;
        try
        {
            flush = _output.FlushAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
            throw OutputFailed(exception);
        }

        if (flush.IsCompletedSuccessfully)
        {
            return flush.Result.IsCompleted ? throw OutputFailed(null) : ValueTask.CompletedTask;
        }

        return AwaitFlushAsync(flush, bytes);
    }

    private async ValueTask AwaitFlushAsync(ValueTask<FlushResult> flush, long bytes)
    {
        // The peer reads slower than we write: the heartbeat checks the data rate of this wait.
        Volatile.Write(ref _flushBytes, Math.Max(bytes, 1));
        Volatile.Write(ref _flushWaitStarted, Environment.TickCount64);
        FlushResult result;
        try
        {
            result = await flush.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
            throw OutputFailed(exception);
        }
        finally
        {
            Volatile.Write(ref _flushWaitStarted, 0);
        }

        if (result.IsCompleted)
        {
            throw OutputFailed(null);
        }
    }

    private ClientDisconnectedException OutputFailed(Exception? exception)
    {
        _outputFailed = true;
        return new ClientDisconnectedException("The WebSocket peer is gone: the message could not be sent.", exception);
    }

    private void ThrowIfClosed(WebSocketSend message)
    {
        if (_closeSent || _outputFailed)
        {
            throw new ClientDisconnectedException($"Cannot send '{message.Name}': the WebSocket connection is closed.");
        }
    }

    private static string DecodeReason(ReadOnlySpan<byte> utf8) => utf8.IsEmpty ? string.Empty : Encoding.UTF8.GetString(utf8);

    /// <summary>The close frame the server will send (see the rules at the top of the file).</summary>
    private sealed record ClaimedClose(int Code, string? Reason);
}