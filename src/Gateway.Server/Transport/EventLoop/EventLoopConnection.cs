using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace Gateway.Server.Transport.EventLoop;

/// <summary>
/// A plain TCP or Unix domain socket connection served by an <see cref="EventLoopThread"/>: it reads only when epoll
/// reported data, sends from whichever thread flushes the response, and hands no work to the thread pool when the app
/// completes without waiting.
/// </summary>
/// <remarks>
/// <para><b>Receiving</b> happens on the loop thread alone, into the loop's scratch buffer, then into the input pipe: an
/// idle connection holds no receive memory. A read that did not fill the scratch buffer drained the socket (the
/// edge-triggered rule nginx uses), so the next read waits for the next edge instead of probing and failing with
/// <c>EAGAIN</c>. The input pipe runs its reader inline, so the protocol parses and the app starts on the loop thread;
/// an app that awaits real work continues wherever that work completes. While the input pipe holds more than
/// <see cref="TransportOptions.MaxInputBufferSize"/> the loop stops reading (TCP backpressure) and resumes when the
/// protocol has consumed enough.</para>
/// <para><b>Sending</b> runs inline when the protocol flushes: one <c>send</c> (one <c>sendmsg</c> for several
/// segments) per flush; only when the kernel's buffer is full does it wait for epoll's writable edge.</para>
/// <para><b>Closing</b> is as <see cref="SocketConnection"/>'s: send what is buffered (bounded by
/// <see cref="TransportOptions.OutputDrainTimeout"/>), shut the send side, discard input until the peer's FIN for at
/// most <see cref="TransportOptions.LingerTimeout"/>, then the loop unregisters and closes the socket.</para>
/// <para>Because the app's synchronous part runs on the loop thread, an app that blocks a thread (a synchronous wait
/// or synchronous I/O) stalls the other connections of that loop; <see cref="ServerTransport.Sockets"/> serves such
/// apps.</para>
/// </remarks>
internal sealed class EventLoopConnection : SocketTransportConnection, IValueTaskSource
{
    private const int ResumeReceiving = 1;
    private const int ResetSocket = 2;
    private const int Release = 4;
    private const int MaxGatheredSegments = 64;

    private readonly Socket _socket;
    private readonly SafeSocketHandle _handle;
    private readonly int _fd;
    private readonly TransportOptions _options;
    private readonly EventLoopThread _loop;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly CancellationTokenSource _closed = new();
    private readonly TaskCompletionSource _receiveCompleted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action _onFlushCompleted;
    private GCHandle _token;
    private MemoryHandle[]? _pins;
    private Task _sending = Task.CompletedTask;

    // Receive side: the loop thread's alone.
    private bool _receivePaused;
    private bool _discarding;
    private bool _receiveDone;
    private bool _releasedOnLoop;
    private bool _socketClosed;
    private ValueTask<FlushResult> _pendingFlush;

    // Work posted to the loop, and whether the connection is in the loop's queue.
    private int _postedWork;
    private int _queued;

    // Send side: a wait for the writable edge.
    private ManualResetValueTaskSourceCore<bool> _writable = new() { RunContinuationsAsynchronously = true };
    private int _writableEdges;
    private int _writeWaiting;


    public EventLoopConnection(Socket socket, TransportOptions options, EventLoopThread loop)
        : base(options)
    {
        _socket = socket;
        _handle = socket.SafeHandle;
        _fd = (int)socket.Handle;
        _options = options;
        _loop = loop;
        _input = new Pipe(options.EventLoopInputPipeOptions());
        _output = new Pipe(options.EventLoopOutputPipeOptions());
        _onFlushCompleted = () => PostWork(ResumeReceiving);
        Transport = new DuplexPipe(_input.Reader, _output.Writer);
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;
    }

    public override IDuplexPipe Transport { get; }

    public override EndPoint? LocalEndPoint { get; }

    public override EndPoint? RemoteEndPoint { get; }

    public override CancellationToken ConnectionClosed => _closed.Token;

    protected override PipeWriter Output => _output.Writer;

    protected override PipeReader Input => _input.Reader;

    protected override Task Sending => _sending;

    protected override Task Receiving => _receiveCompleted.Task;

    public override ValueTask StartAsync(CancellationToken cancellationToken)
    {
        _token = GCHandle.Alloc(this);
        var error = _loop.Register(_fd, GCHandle.ToIntPtr(_token));
        if (error != 0)
        {
            _token.Free();
            return ValueTask.FromException(new IOException("The connection could not join the event loop.", new SocketException(error)));
        }

        _sending = SendLoopAsync();
        return ValueTask.CompletedTask;
    }

    public override void Abort(Exception? reason = null)
    {
        if (!TryMarkAborted())
        {
            return;
        }

        // A reset, not a FIN: a response cut short must not look complete to the peer (the runtime's engine resets a
        // socket disposed with operations pending; here none is, so ask for it). Only the loop closes the descriptor,
        // after removing it from epoll: closed here, its number could be reused by a new connection before the loop's
        // removal, which would then remove the new one. A waiting send wakes and fails; the loop ends the input.
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already closed or reset: nothing to add.
        }

        _output.Reader.CancelPendingRead();
        WakeWriter();
        PostWork(ResetSocket);
        SignalClosed();
    }

    // Only the loop closes the socket, after removing it from epoll (see Release).
    protected override async ValueTask ReleaseAsync()
    {
        PostWork(Release);
        await _released.Task.ConfigureAwait(false);
        SignalClosed();
        _closed.Dispose();
    }

    /// <summary>Epoll reported <paramref name="events"/> for this socket (loop thread).</summary>
    internal void OnEvents(uint events, byte[] receiveBuffer)
    {
        if ((events & (LinuxSockets.EPOLLOUT | LinuxSockets.EPOLLERR | LinuxSockets.EPOLLHUP)) != 0)
        {
            Interlocked.Increment(ref _writableEdges);
            WakeWriter();
        }

        if ((events & (LinuxSockets.EPOLLIN | LinuxSockets.EPOLLRDHUP | LinuxSockets.EPOLLERR | LinuxSockets.EPOLLHUP)) != 0 && !_receivePaused && !_receiveDone)
        {
            Receive(receiveBuffer);
        }
    }

    /// <summary>Runs what other threads asked of the receive side (loop thread).</summary>
    internal void RunPostedWork(byte[] receiveBuffer)
    {
        Volatile.Write(ref _queued, 0);
        var work = Interlocked.Exchange(ref _postedWork, 0);
        if (_releasedOnLoop)
        {
            return;
        }

        if ((work & ResumeReceiving) != 0 && _receivePaused)
        {
            var flush = _pendingFlush;
            _pendingFlush = default;
            _receivePaused = false;
            if (ProtocolStoppedReading(flush))
            {
                _discarding = true;
            }

            if (!_receiveDone)
            {
                // Edges that came while paused were not acted on: read now.
                Receive(receiveBuffer);
            }
        }

        if ((work & ResetSocket) != 0)
        {
            CompleteReceiving(null);
            CloseSocket();
        }

        if ((work & Release) != 0)
        {
            _releasedOnLoop = true;
            try
            {
                CompleteReceiving(null);
                CloseSocket();
                if (_token.IsAllocated)
                {
                    _token.Free();
                }
            }
            finally
            {
                _released.TrySetResult();
            }
        }
    }

    /// <summary>Removes the socket from epoll, then closes it (loop thread): in this order no later batch names it, and
    /// its descriptor number is free for reuse only once it is out of the epoll set.</summary>
    private void CloseSocket()
    {
        if (_socketClosed)
        {
            return;
        }

        _socketClosed = true;
        if (_token.IsAllocated)
        {
            // Never started (a stop or a rejection before StartAsync) means never registered.
            _loop.Unregister(_fd);
        }

        // A send still running on another thread holds the handle; the descriptor closes when it returns.
        _socket.Dispose();
    }

    private unsafe void Receive(byte[] receiveBuffer)
    {
        try
        {
            while (true)
            {
                if (IsAborted)
                {
                    // Aborted by the protocol while it ran inline: deliver nothing more.
                    CompleteReceiving(null);
                    return;
                }

                nint received;
                fixed (byte* buffer = receiveBuffer)
                {
                    received = LinuxSockets.Receive(_handle, buffer, receiveBuffer.Length);
                }

                if (received > 0)
                {
                    if (!_discarding && Deliver(receiveBuffer.AsSpan(0, (int)received)))
                    {
                        return; // paused: the protocol has enough unread input
                    }

                    if (received < receiveBuffer.Length)
                    {
                        return; // drained: wait for the next edge
                    }

                    continue;
                }

                if (received == 0)
                {
                    CompleteReceiving(null);
                    return;
                }

                switch ((int)-received)
                {
                    case LinuxSockets.EAGAIN:
                        return;
                    case LinuxSockets.EINTR:
                        continue;
                    default:
                        CompleteReceiving(IsAborted ? null : PeerReset(new SocketException((int)SocketErrorOf((int)-received))));
                        return;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // Defensive: only the loop closes the socket, and never while a batch names it.
            CompleteReceiving(null);
        }
    }

    /// <summary>Writes received bytes to the input pipe; true when the pipe is full and receiving pauses.</summary>
    private bool Deliver(ReadOnlySpan<byte> data)
    {
        var writer = _input.Writer;
        writer.Write(data);
#pragma warning disable CA2012 // Consumed exactly once: now when complete, else by RunPostedWork after its continuation ran.
        var flush = SendDeferral.Deliver(writer);
#pragma warning restore CA2012
        if (!flush.IsCompleted)
        {
            _receivePaused = true;
            _pendingFlush = flush;
            flush.GetAwaiter().UnsafeOnCompleted(_onFlushCompleted);
            return true;
        }

        if (ProtocolStoppedReading(flush))
        {
            // The protocol stopped reading (it is closing): drain until the peer's FIN.
            _discarding = true;
        }

        return false;
    }

    /// <summary>Whether a completed flush found the protocol gone (its reader completed).</summary>
    private static bool ProtocolStoppedReading(ValueTask<FlushResult> flush)
    {
        try
        {
            return !flush.IsCompleted || flush.Result.IsCompleted;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private void CompleteReceiving(Exception? error)
    {
        if (_receiveDone)
        {
            return;
        }

        _receiveDone = true;
        _input.Writer.Complete(error);
        _receiveCompleted.TrySetResult();

        // Off the loop: callbacks on the token are the app's, and must not hold the loop.
        ThreadPool.UnsafeQueueUserWorkItem(static connection => connection.SignalClosed(), this, preferLocal: false);
    }

    private void PostWork(int work)
    {
        Interlocked.Or(ref _postedWork, work);
        if (Interlocked.Exchange(ref _queued, 1) == 0)
        {
            _loop.Post(this);
        }
    }

    private async Task SendLoopAsync()
    {
        var reader = _output.Reader;
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    if (result.IsCanceled)
                    {
                        break;
                    }

                    while (!buffer.IsEmpty)
                    {
                        if (IsAborted)
                        {
                            throw new ObjectDisposedException(nameof(Socket), "The connection was aborted.");
                        }

                        var edges = Volatile.Read(ref _writableEdges);
                        var sent = Send(buffer);
                        if (sent > 0)
                        {
                            buffer = buffer.Slice(sent);
                        }
                        else if (sent == -LinuxSockets.EAGAIN)
                        {
                            await WaitWritableAsync(edges).ConfigureAwait(false);
                        }
                        else if (sent != -LinuxSockets.EINTR)
                        {
                            throw new SocketException((int)SocketErrorOf((int)-sent));
                        }
                    }
                }
                finally
                {
                    reader.AdvanceTo(result.Buffer.End);
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            error = new ConnectionResetException("Sending to the peer failed.", exception);
            SignalClosed();
        }
        finally
        {
            await reader.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    /// <summary>One <c>send</c> of a single segment, one <c>sendmsg</c> of several; returns the count or -errno.</summary>
    private unsafe nint Send(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            var span = buffer.FirstSpan;
            fixed (byte* data = span)
            {
                return LinuxSockets.Send(_handle, data, span.Length);
            }
        }

        var vectors = stackalloc LinuxSockets.IoVector[MaxGatheredSegments];
        var pins = _pins ??= new MemoryHandle[MaxGatheredSegments];
        var count = 0;
        try
        {
            foreach (var segment in buffer)
            {
                if (segment.IsEmpty)
                {
                    continue;
                }

                if (count == MaxGatheredSegments)
                {
                    break;
                }

                pins[count] = segment.Pin();
                vectors[count].Base = (byte*)pins[count].Pointer;
                vectors[count].Length = (nuint)segment.Length;
                count++;
            }

            return LinuxSockets.SendGathered(_handle, vectors, count);
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                pins[i].Dispose();
            }
        }
    }

    private ValueTask WaitWritableAsync(int edgesBeforeSend)
    {
        _writable.Reset();
        Volatile.Write(ref _writeWaiting, 1);

        // An edge (or an abort) between the failed send and the line above would otherwise be missed.
        if ((Volatile.Read(ref _writableEdges) != edgesBeforeSend || IsAborted)
            && Interlocked.Exchange(ref _writeWaiting, 0) == 1)
        {
            return IsAborted ? ValueTask.FromException(new ObjectDisposedException(nameof(Socket))) : ValueTask.CompletedTask;
        }

        return new ValueTask(this, _writable.Version);
    }

    private void WakeWriter()
    {
        if (Interlocked.Exchange(ref _writeWaiting, 0) == 1)
        {
            _writable.SetResult(true);
        }
    }

    void IValueTaskSource.GetResult(short token) => _writable.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _writable.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _writable.OnCompleted(continuation, state, token, flags);

    protected override ValueTask ShutdownSendingAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // The peer is already gone; there is nothing left to shut down gracefully.
        }

        return ValueTask.CompletedTask;
    }

    private void SignalClosed()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: nobody can be waiting on the token any more.
        }
    }

    private static ConnectionResetException PeerReset(SocketException exception) => new("The connection was reset by the peer.", exception);

    private static SocketError SocketErrorOf(int errno) => errno switch
    {
        32 => SocketError.Shutdown, // EPIPE
        104 => SocketError.ConnectionReset, // ECONNRESET
        110 => SocketError.TimedOut, // ETIMEDOUT
        LinuxSockets.EBADF => SocketError.OperationAborted,
        _ => SocketError.SocketError,
    };
}
