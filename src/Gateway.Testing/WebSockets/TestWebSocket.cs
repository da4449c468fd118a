using System.Net.WebSockets;
using System.Runtime.ExceptionServices;

namespace Gateway.Testing;

/// <summary>
/// The test's end of a WebSocket connection to an app running in a <see cref="TestClient"/>: a real
/// <see cref="WebSocket"/>, so the same test code can later run against <see cref="ClientWebSocket"/> and a real server,
/// plus whole-message helpers (<see cref="SendTextAsync"/>, <see cref="ReceiveMessageAsync"/> ...).
/// </summary>
/// <remarks>
/// <para>
/// It behaves as <see cref="ClientWebSocket"/> does: states go <see cref="WebSocketState.Open"/> →
/// <see cref="WebSocketState.CloseSent"/> or <see cref="WebSocketState.CloseReceived"/> → <see cref="WebSocketState.Closed"/>;
/// fragments sent without <c>endOfMessage</c> are joined into one <see cref="WebSocketReceive"/>; a message larger than
/// the receive buffer is read in parts; cancelling an operation, or its timing out
/// (<see cref="TestClientOptions.Timeout"/>, then <see cref="TimeoutException"/>), aborts the connection. Like a server,
/// the client answers a close of the test at once, whatever the app is doing, and fails the connection with 1007 for
/// invalid UTF-8 in a text message and 1009 for a message above <see cref="TestWebSocketOptions.MaxMessageSize"/>.
/// </para>
/// <para>
/// When the app fails after accepting and <see cref="TestClientOptions.RaiseAppExceptions"/> is set, its exception (or
/// a contract violation it swallowed) is thrown once: by the receive (or <see cref="CloseAsync"/>) that reaches the 1011
/// close the failure caused, otherwise by disposal, which waits (up to the timeout) for the app to return. So where it is
/// thrown never depends on timing.
/// </para>
/// <para>As with any <see cref="WebSocket"/>, one send and one receive may run at the same time; two sends or two
/// receives may not. The properties are thread-safe.</para>
/// </remarks>
public sealed partial class TestWebSocket : WebSocket, IAsyncDisposable
{
    private readonly WebSocketExchange _session;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _closeReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocketState _state = WebSocketState.Open;
    private WebSocketCloseStatus? _closeStatus;
    private string? _closeStatusDescription;
    private bool _disposed;

    internal TestWebSocket(WebSocketExchange session, string? subprotocol, Headers acceptHeaders)
    {
        _session = session;
        SubProtocol = subprotocol;
        AcceptHeaders = acceptHeaders;
    }

    /// <summary>The close code received from the app (or sent on its behalf), once a close has been received.</summary>
    public override WebSocketCloseStatus? CloseStatus
    {
        get
        {
            lock (_gate)
            {
                return _closeStatus;
            }
        }
    }

    /// <summary>The close reason received, once a close has been received.</summary>
    public override string? CloseStatusDescription
    {
        get
        {
            lock (_gate)
            {
                return _closeStatusDescription;
            }
        }
    }

    /// <summary>Where the connection stands.</summary>
    public override WebSocketState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The subprotocol the app accepted (<see cref="WebSocketAccept.Subprotocol"/>), or <see langword="null"/>.</summary>
    public override string? SubProtocol { get; }

    /// <summary>The extra handshake response headers the app sent with <see cref="WebSocketAccept"/>.</summary>
    public Headers AcceptHeaders { get; }

    /// <summary>Drops the connection without a closing handshake: the app receives <see cref="WebSocketDisconnect"/>
    /// with 1006 after the messages already queued for it. Does nothing once closed. Never throws.</summary>
    public override void Abort()
    {
        lock (_gate)
        {
            if (_state is WebSocketState.Closed or WebSocketState.Aborted)
            {
                return;
            }

            _state = WebSocketState.Aborted;
        }

        _session.End(new WebSocketDisconnect(1006), null);
        _closeReceived.TrySetResult();
    }

    /// <summary>Sends a close (the app receives <see cref="WebSocketDisconnect"/> with <paramref name="closeStatus"/>
    /// after the messages already queued for it), then waits for the close from the app's side, discarding data
    /// messages that arrive meanwhile.</summary>
    /// <param name="closeStatus">The close code.</param>
    /// <param name="statusDescription">The reason, at most 123 bytes of UTF-8; none with <see cref="WebSocketCloseStatus.Empty"/>.</param>
    /// <param name="cancellationToken">Cancels the wait, aborting the connection.</param>
    /// <returns>A task that completes when the connection is closed.</returns>
    /// <exception cref="WebSocketException">The connection is already closed or aborted.</exception>
    public override async Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        SendClose(closeStatus, statusDescription, WebSocketState.Open, WebSocketState.CloseReceived, WebSocketState.CloseSent);
        if (State == WebSocketState.CloseSent)
        {
            await WaitForCloseAsync(cancellationToken).ConfigureAwait(false);
            ThrowAppFailure(onlyIfItClosed: true);
        }
    }

    /// <summary>Sends a close without waiting for the app's side: the app receives <see cref="WebSocketDisconnect"/> with
    /// <paramref name="closeStatus"/> after the messages already queued for it, and the test may still receive what the
    /// app sent before.</summary>
    /// <param name="closeStatus">The close code.</param>
    /// <param name="statusDescription">The reason, at most 123 bytes of UTF-8; none with <see cref="WebSocketCloseStatus.Empty"/>.</param>
    /// <param name="cancellationToken">Unused: sending a close never waits.</param>
    /// <returns>A completed task.</returns>
    /// <exception cref="WebSocketException">The connection is already closed or aborted.</exception>
    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        SendClose(closeStatus, statusDescription, WebSocketState.Open, WebSocketState.CloseReceived, WebSocketState.CloseSent);
        return Task.CompletedTask;
    }

    /// <summary>Aborts the connection unless it is closed, then waits (up to the timeout) for the app to return, and
    /// throws its failure when it is to be raised and has not been yet.</summary>
    public override void Dispose()
    {
        if (BeginDispose())
        {
            _session.WaitForAppAsync(CancellationToken.None).Wait(_session.Timeout);
            ThrowAppFailure(onlyIfItClosed: false);
        }
    }

    /// <summary>Aborts the connection unless it is closed, then waits (up to the timeout) for the app to return, and
    /// throws its failure when it is to be raised and has not been yet.</summary>
    /// <returns>A task that completes when the app has returned or the timeout passed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (BeginDispose())
        {
            try
            {
                await _session.WaitForAppAsync(CancellationToken.None).WaitAsync(_session.Timeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // An app that ignores its client leaving is abandoned here, as the test client's disposal does.
            }

            ThrowAppFailure(onlyIfItClosed: false);
        }
    }

    private bool BeginDispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            _disposed = true;
        }

        Abort();
        return true;
    }

    private void SendClose(WebSocketCloseStatus closeStatus, string? statusDescription, params ReadOnlySpan<WebSocketState> validStates)
    {
        var code = (int)closeStatus;
        if (code is < 1000 or > 4999 or 1006 or 1015)
        {
            throw new ArgumentException($"The close code {code} cannot be sent: 1006 and 1015 only describe what happened locally, and codes end at 4999.", nameof(closeStatus));
        }

        var reason = statusDescription ?? string.Empty;
        if (closeStatus == WebSocketCloseStatus.Empty && reason.Length > 0)
        {
            throw new ArgumentException("A close without a status (Empty) cannot have a description.", nameof(statusDescription));
        }

        if (System.Text.Encoding.UTF8.GetByteCount(reason) > 123)
        {
            throw new ArgumentException("A close description is at most 123 bytes of UTF-8.", nameof(statusDescription));
        }

        lock (_gate)
        {
            ThrowIfInvalidState(validStates);
            if (_state == WebSocketState.CloseSent)
            {
                return;
            }

            _state = _state == WebSocketState.CloseReceived ? WebSocketState.Closed : WebSocketState.CloseSent;
        }

        _session.End(new WebSocketDisconnect(code, reason), new CloseFrame(code, reason));
    }

    /// <summary>Records the close from the app's side: the connection is closed if the test had closed, otherwise
    /// the close is received and the test is expected to answer it.</summary>
    private void ReceiveClose()
    {
        var close = _session.CloseToClient ?? new CloseFrame(1006, string.Empty);
        lock (_gate)
        {
            if (_state == WebSocketState.Aborted)
            {
                throw new WebSocketException(WebSocketError.InvalidState, "The WebSocket was aborted while receiving.");
            }

            _closeStatus = (WebSocketCloseStatus)close.Code;
            _closeStatusDescription = close.Reason;
            _state = _state == WebSocketState.CloseSent ? WebSocketState.Closed : WebSocketState.CloseReceived;
        }

        _closeReceived.TrySetResult();
    }

    private void ThrowAppFailure(bool onlyIfItClosed)
    {
        if (_session.TakeFailure(onlyIfItClosed) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    // Call with _gate held.
    private void ThrowIfInvalidState(ReadOnlySpan<WebSocketState> validStates)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!validStates.Contains(_state))
        {
            throw new WebSocketException(
                WebSocketError.InvalidState,
                $"The WebSocket is in an invalid state ('{_state}') for this operation. Valid states are: '{string.Join(", ", validStates.ToArray())}'.");
        }
    }

    /// <summary>Runs an operation that waits for the app under the cancellation token and the client's timeout; as
    /// with <see cref="ClientWebSocket"/>, an operation that is cancelled or times out aborts the connection.</summary>
    private async ValueTask<T> WaitForAppAsync<T>(Func<CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = _session.Timeout;
        if (timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            limit.CancelAfter(timeout);
        }

        try
        {
            return await operation(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            Abort();
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"The app did not answer within {timeout} (TestClientOptions.Timeout); the WebSocket was aborted.");
        }
    }
}