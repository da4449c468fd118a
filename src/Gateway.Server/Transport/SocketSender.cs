using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace Gateway.Server.Transport;

/// <summary>
/// One connection's reusable gathered send: several buffers in one <c>sendmsg</c>, awaited without allocating.
/// (<see cref="Socket.SendAsync(IList{ArraySegment{byte}}, SocketFlags)"/> allocates a task per call.)
/// </summary>
/// <remarks>One send at a time: the connection's send loop is the only caller. On a stream socket the send completes
/// only when every byte was handed to the kernel, so the result needs no partial-send loop.</remarks>
internal sealed class SocketSender : SocketAsyncEventArgs, IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _completion;

    public SocketSender()
        : base(unsafeSuppressExecutionContextFlow: true)
    {
    }

    /// <summary>Sends every byte of <paramref name="buffers"/>.</summary>
    /// <param name="socket">The connected socket.</param>
    /// <param name="buffers">The buffers, in order; not touched again before the returned task completes.</param>
    /// <returns>A task that completes when all bytes were sent; it must be awaited once, before the next call.</returns>
    /// <exception cref="SocketException">The send failed (through the task).</exception>
    public ValueTask SendAsync(Socket socket, IList<ArraySegment<byte>> buffers)
    {
        _completion.Reset();
        BufferList = buffers;
        if (socket.SendAsync(this))
        {
            return new ValueTask(this, _completion.Version);
        }

        BufferList = null;
        return SocketError == SocketError.Success ? ValueTask.CompletedTask : ValueTask.FromException(new SocketException((int)SocketError));
    }

    void IValueTaskSource.GetResult(short token)
    {
        try
        {
            _completion.GetResult(token);
        }
        finally
        {
            // Drop the caller's buffers: they go back to their pool once the send loop advances past them.
            BufferList = null;
        }
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    protected override void OnCompleted(SocketAsyncEventArgs e)
    {
        if (SocketError == SocketError.Success)
        {
            _completion.SetResult(true);
        }
        else
        {
            _completion.SetException(new SocketException((int)SocketError));
        }
    }
}