namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// The <see cref="IOutboundSink"/> over one WebSocket: frames go out as UTF-8 text messages through the connection's
/// <see cref="Send"/>, one at a time (a gate serialises the hub's pump and the session's close, as the contract asks).
/// A hub-requested disconnect records its close code (<see cref="ChatCloseCodes.For"/>) and cancels
/// <see cref="Closing"/>, which ends the session's receive loop; the session then sends the close. Never blocks.
/// </summary>
internal sealed class SocketSink(Send send) : IOutboundSink, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _lock = new();
    private (int Code, string Reason)? _requested;
    private bool _closed;

    /// <summary>Cancelled once a close was requested (by the hub, the token expiry or shutdown).</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>The close the first request asked for, or null.</summary>
    public (int Code, string Reason)? RequestedClose
    {
        get
        {
            lock (_lock)
            {
                return _requested;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_closed)
            {
                throw new IOException("The WebSocket is closed.");
            }

            await send(WebSocketSend.FromUtf8Text(utf8Json), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void RequestDisconnect(DisconnectReason reason)
    {
        var (code, text) = ChatCloseCodes.For(reason);
        RequestClose(code, text);
    }

    /// <summary>Asks the session to close with <paramref name="code"/>; the first request wins.</summary>
    public void RequestClose(int code, string reason)
    {
        lock (_lock)
        {
            if (_requested is not null)
            {
                return;
            }

            _requested = (code, reason);
        }

        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The session already ended.
        }
    }

    /// <summary>Sends the close frame once, after any write in progress; later writes fail.</summary>
    public async ValueTask CloseAsync(int code, string reason)
    {
        await _gate.WaitAsync();
        try
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            await send(new WebSocketClose(code, reason), CancellationToken.None);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The peer is gone already.
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _closing.Dispose();
        _gate.Dispose();
    }
}