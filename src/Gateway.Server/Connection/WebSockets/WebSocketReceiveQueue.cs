using System.Threading.Tasks.Sources;

namespace Gateway.Server.Connection.WebSockets;

/// <summary>
/// The messages a WebSocket connection has received and the app has not taken yet, bounded both in number and in bytes.
/// The connection's read loop waits in <see cref="EnqueueAsync"/> while the queue is full, and does not read the socket
/// meanwhile, so a slow app slows the peer down through TCP instead of growing the server's memory.
/// </summary>
/// <remarks>
/// <para>One producer (the read loop) and one consumer (the app's <c>receive</c>). A message always fits into an empty
/// queue, whatever its size (the frame reader bounds a message by the maximum message size already), so a large message
/// never deadlocks the connection.</para>
/// <para>After <see cref="Complete"/>, the consumer still gets every queued message, then the final message (a
/// <see cref="WebSocketDisconnect"/>) on every further call; the producer's later messages are dropped.</para>
/// <para>A consumer that has to wait is handed the next message directly through one reusable
/// <see cref="IValueTaskSource{TResult}"/>, so an app that keeps up with its peer costs no allocation per message
/// beyond the message itself. A message continues it on the producer's thread, outside the queue's lock: on the event
/// loop an echo is read, answered and sent without a thread hand-off, as an HTTP request is. The end (and a cancelled
/// wait) continues it on the thread pool.</para>
/// </remarks>
internal sealed class WebSocketReceiveQueue : IValueTaskSource<Message>
{
    private readonly Lock _gate = new();
    private readonly Queue<WebSocketReceive> _messages = new();
    private readonly int _capacity;
    private readonly long _maxBytes;
    private long _bytes;
    private Message? _final;
    private TaskCompletionSource? _spaceAvailable;

    // The waiting consumer, if any (under _gate): it receives the next message or the final one.
    private ManualResetValueTaskSourceCore<Message> _consumer;
    private bool _consumerWaiting;
    private CancellationTokenRegistration _consumerCancellation;

    /// <summary>Creates a queue.</summary>
    /// <param name="capacity">The most messages held.</param>
    /// <param name="maxBytes">The most payload bytes held (one larger message is still accepted into an empty queue).</param>
    public WebSocketReceiveQueue(int capacity, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        _capacity = capacity;
        _maxBytes = maxBytes;
    }

    /// <summary>The number of messages waiting for the app.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _messages.Count;
            }
        }
    }

    /// <summary>Whether <see cref="Complete"/> was called.</summary>
    public bool IsCompleted
    {
        get
        {
            lock (_gate)
            {
                return _final is not null;
            }
        }
    }

    /// <summary>Adds a message, waiting while the queue is full. Returns at once (dropping the message) once the queue is
    /// completed.</summary>
    /// <param name="message">The message; its payload must not be shared with a buffer the caller reuses.</param>
    public ValueTask EnqueueAsync(WebSocketReceive message)
    {
        TaskCompletionSource? space;
        bool handed;
        lock (_gate)
        {
            if (TryAdd(message, out handed))
            {
                space = null;
            }
            else
            {
                space = _spaceAvailable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        if (handed)
        {
            _consumer.SetResult(message);
        }

        return space is null ? ValueTask.CompletedTask : WaitAndEnqueueAsync(message, space);
    }

    /// <summary>Takes the next message, waiting for one; after <see cref="Complete"/> and once the queue is empty,
    /// returns the final message.</summary>
    /// <param name="cancellationToken">Abandons the wait (the queue is unchanged).</param>
    public ValueTask<Message> DequeueAsync(CancellationToken cancellationToken)
    {
        short version;
        lock (_gate)
        {
            if (_consumerWaiting)
            {
                throw new InvalidOperationException("'receive' was called while a previous call was still pending: calls must not overlap.");
            }

            if (TryTake(out var message))
            {
                return ValueTask.FromResult(message);
            }

            cancellationToken.ThrowIfCancellationRequested();
            _consumer.Reset();
            _consumer.RunContinuationsAsynchronously = false; // a message continues the app on the producer's thread
            version = _consumer.Version;
            _consumerWaiting = true;
        }

        if (cancellationToken.CanBeCanceled)
        {
            _consumerCancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((WebSocketReceiveQueue)state!).CancelConsumer(token), this);
        }

        return new ValueTask<Message>(this, version);
    }

    /// <summary>Ends the queue: <paramref name="final"/> follows the queued messages. Only the first call counts.</summary>
    /// <param name="final">What the app receives after the queued messages.</param>
    /// <returns>Whether this call completed the queue.</returns>
    public bool Complete(Message final)
    {
        TaskCompletionSource? space;
        bool handed;
        lock (_gate)
        {
            if (_final is not null)
            {
                return false;
            }

            _final = final;
            space = _spaceAvailable;
            _spaceAvailable = null;
            handed = _consumerWaiting;
            _consumerWaiting = false;
        }

        if (handed)
        {
            // The end goes through the thread pool: the producer finishes closing (the close echo, its state) before the
            // app, told the peer is gone, runs again.
            _consumer.RunContinuationsAsynchronously = true;
            _consumer.SetResult(final);
        }

        space?.TrySetResult();
        return true;
    }

    private async ValueTask WaitAndEnqueueAsync(WebSocketReceive message, TaskCompletionSource space)
    {
        while (true)
        {
            await space.Task.ConfigureAwait(false);
            bool handed;
            lock (_gate)
            {
                if (!TryAdd(message, out handed))
                {
                    space = _spaceAvailable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    continue;
                }
            }

            if (handed)
            {
                _consumer.SetResult(message);
            }

            return;
        }
    }

    // Under _gate. True when the message was taken: queued, dropped after Complete, or (handed) owed to the waiting
    // consumer, whom the caller completes once it has left the lock (the consumer may continue inline).
    private bool TryAdd(WebSocketReceive message, out bool handed)
    {
        handed = false;
        if (_final is not null)
        {
            return true;
        }

        var size = message.Data.Length;
        if (_messages.Count != 0 && (_messages.Count >= _capacity || _bytes + size > _maxBytes))
        {
            return false;
        }

        if (_consumerWaiting)
        {
            // The app is already waiting: the message skips the queue.
            _consumerWaiting = false;
            handed = true;
            return true;
        }

        _messages.Enqueue(message);
        _bytes += size;
        return true;
    }

    private void CancelConsumer(CancellationToken token)
    {
        lock (_gate)
        {
            if (!_consumerWaiting)
            {
                return;
            }

            _consumerWaiting = false;
        }

        // Not inline in the canceller's callback.
        _consumer.RunContinuationsAsynchronously = true;
        _consumer.SetException(new OperationCanceledException(token));
    }

    Message IValueTaskSource<Message>.GetResult(short token)
    {
        // The registration ends with the wait; disposing it here (not under _gate) cannot deadlock with CancelConsumer.
        _consumerCancellation.Dispose();
        _consumerCancellation = default;
        return _consumer.GetResult(token);
    }

    ValueTaskSourceStatus IValueTaskSource<Message>.GetStatus(short token) => _consumer.GetStatus(token);

    void IValueTaskSource<Message>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _consumer.OnCompleted(continuation, state, token, flags);

    private bool TryTake(out Message message)
    {
        if (_messages.TryDequeue(out var received))
        {
            _bytes -= received.Data.Length;
            var space = _spaceAvailable;
            _spaceAvailable = null;
            space?.TrySetResult();
            message = received;
            return true;
        }

        message = _final!;
        return _final is not null;
    }
}