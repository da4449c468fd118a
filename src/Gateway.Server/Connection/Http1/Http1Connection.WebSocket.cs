using System.IO.Pipelines;

using Gateway.ServerKit;
using Gateway.Server.Connection.WebSockets;
using Gateway.Server.Protocol.Http1;
using Gateway.Server.Protocol.WebSockets;

using static Gateway.Server.Connection.Http1.Http1ConnectionFlags;

namespace Gateway.Server.Connection.Http1;

// A request whose Upgrade lists "websocket" is a handshake: it is validated before the app sees anything (400, 403 for a
// foreign origin, 426 for a wrong version; 503 past the upgraded-connection limit), then the app runs with a websocket
// scope. Until the app answers, the exchange is still HTTP on this connection:
//
//   app sends                        the client gets                              then
//   -------------------------------  -------------------------------------------  ---------------------------------------
//   websocket.accept                 101 with the accept key, subprotocol,        WebSocketSession runs the connection
//                                    extension and the app's headers
//   websocket.close                  403, connection closed                       the app's receive returns its disconnect
//   websocket.http.response.start    the app's status and headers, then its       the response path of HTTP (content-length
//   / .body (denial response)        body; connection closed                      or chunked), closed after
//   nothing (returns or throws)      500, connection closed
//
// The connection never returns to HTTP afterwards: whatever happens, it closes when the app returns.
internal sealed partial class Http1Connection
{
    private static readonly ScopeExtensions WebSocketExtensions = ScopeExtensions.Create(new WebSocketCapabilities());

    private readonly WebSocketSendValidator _webSocketValidator = new(denialResponse: true);
    private WebSocketHandshakeResult _handshake;
    private volatile WebSocketSession? _webSocket;
    private WebSocketDisconnect? _refusal;
    private TaskCompletionSource? _handshakeAnswered;

    /// <summary>Serves a WebSocket handshake and, once accepted, the WebSocket connection; the connection always closes
    /// afterwards.</summary>
    private async Task<bool> ProcessWebSocketAsync(Http1RequestHead head)
    {
        StartRequest(head);
        _state.Set(CloseAfterResponse);
        var headers = _headers.Build();
        _handshake = WebSocketHandshake.Validate(head.Method, head.HttpVersion, headers, _context.WebSocketProtocol);
        if (!_handshake.IsValid)
        {
            await RefuseHandshakeAsync().ConfigureAwait(false);
            return false;
        }

        if (head.BodyKind == Http1BodyKind.Chunked || head.ContentLength > 0)
        {
            await AnswerAsync(400, "A WebSocket handshake must not have a body."u8, "websocket handshake with a body").ConfigureAwait(false);
            RecordRequestEnd(400);
            return false;
        }

        if (!_context.TryEnterUpgradedConnection())
        {
            await AnswerAsync(503, "Too many WebSocket connections are open."u8, "upgraded connection limit").ConfigureAwait(false);
            RecordRequestEnd(503);
            return false;
        }

        try
        {
            var scope = BuildScope(ScopeType.WebSocket, head, headers, WebSocketExtensions, _handshake.Subprotocols);
            _handshakeAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _phase = ConnectionPhase.AppRunning;
            Exception? failure = null;
            try
            {
                await _context.App(scope, WebSocketReceiveAsync, WebSocketSendAsync).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Every app failure is answered (500, close 1011) and logged; none may end the server.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                failure = exception;
            }

            await FinishWebSocketAsync(scope, failure).ConfigureAwait(false);
        }
        finally
        {
            _context.ExitUpgradedConnection();
        }

        return false;
    }

    private async Task FinishWebSocketAsync(Scope scope, Exception? failure)
    {
        _phase = ConnectionPhase.Finishing;
        _state.Set(RequestFinished);
        _handshakeAnswered?.TrySetResult();
        var session = _webSocket;
        var reportable = failure is not null && failure is not ClientDisconnectedException
            && !(failure is OperationCanceledException && _aborted.IsCancellationRequested);
        if (reportable && _webSocketValidator.Phase != WebSocketPhase.SendingDenialBody)
        {
            // A failing denial response is logged by the HTTP path that ends it.
            ServerLog.AppException(_context.Logger, scope.Method, scope.Path, failure!);
        }

        if (session is not null)
        {
            try
            {
                await session.FinishAsync(appFailed: reportable).ConfigureAwait(false);
            }
            finally
            {
                RecordRequestEnd(101);
                _context.Metrics.UpgradedConnectionClosed();
                session.Dispose();
            }

            return;
        }

        switch (_webSocketValidator.Phase)
        {
            case WebSocketPhase.Connecting:
                // The app answered nothing: the client gets an honest 500 rather than a hanging handshake.
                if (!reportable)
                {
                    ServerLog.ResponseAborted(_context.Logger, _id, scope.Method, scope.Path, "the app returned without answering the WebSocket handshake; answered 500");
                }

                await AnswerAsync(500, InternalServerErrorText, "websocket handshake not answered").ConfigureAwait(false);
                RecordRequestEnd(500);
                break;
            case WebSocketPhase.SendingDenialBody:
                await WaitForStragglersAsync().ConfigureAwait(false);
                if (failure is not null)
                {
                    await HandleAppFailureAsync(scope, failure).ConfigureAwait(false);
                }
                else
                {
                    await HandleIncompleteResponseAsync(scope).ConfigureAwait(false);
                }

                RecordRequestEnd(_status == 0 ? 500 : _status);
                break;
            default:
                RecordRequestEnd(_status);
                break;
        }
    }

    private ValueTask<Message> WebSocketReceiveAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _receiveBusy, 1) != 0)
        {
            throw new InvalidOperationException("'receive' was called while a previous call was still pending: calls must not overlap.");
        }

        ValueTask<Message> pending;
        try
        {
            if (_webSocket is { } session)
            {
                pending = session.ReceiveAsync(cancellationToken);
            }
            else if (!_state.Has(ConnectDelivered))
            {
                _state.Set(ConnectDelivered);
                pending = ValueTask.FromResult<Message>(WebSocketConnect.Instance);
            }
            else
            {
                pending = WaitForHandshakeAnswerAsync(cancellationToken);
            }
        }
        catch
        {
            Volatile.Write(ref _receiveBusy, 0);
            throw;
        }

        if (pending.IsCompleted)
        {
            Volatile.Write(ref _receiveBusy, 0);
            return pending;
        }

        return AwaitWebSocketReceiveAsync(pending);
    }

    private async ValueTask<Message> AwaitWebSocketReceiveAsync(ValueTask<Message> pending)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _receiveBusy, 0);
        }
    }

    /// <summary>A receive after <see cref="WebSocketConnect"/> and before the app answered the handshake: waits for the
    /// answer, then serves the open connection, or reports the end.</summary>
    private async ValueTask<Message> WaitForHandshakeAnswerAsync(CancellationToken cancellationToken)
    {
        using (_aborted.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), _handshakeAnswered))
        {
            await _handshakeAnswered!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_webSocket is { } session)
        {
            return await session.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        }

        return _refusal ?? new WebSocketDisconnect(WebSocketCloseCode.AbnormalClosure);
    }

    private ValueTask WebSocketSendAsync(Message message, CancellationToken cancellationToken = default) =>
        GuardedSendAsync(message, webSocket: true, cancellationToken);

    private ValueTask WebSocketSendCore(Message message, CancellationToken cancellationToken)
    {
        if (_state.Has(RequestFinished))
        {
            throw new InvalidOperationException($"Cannot send '{message.Name}': the app already returned for this connection.");
        }

        var before = _webSocketValidator.Phase;
        if (message is WebSocketAccept { Subprotocol: { } chosen } && before == WebSocketPhase.Connecting && !Offered(chosen))
        {
            throw new InvalidOperationException($"Cannot accept with subprotocol '{chosen}': the client offered only [{string.Join(", ", _handshake.Subprotocols)}] (Scope.Subprotocols).");
        }

        _webSocketValidator.Advance(message);
        switch (message)
        {
            case WebSocketAccept accept:
                return AcceptAsync(accept, cancellationToken);
            case WebSocketClose close when before == WebSocketPhase.Connecting:
                return RefuseAsync(close);
            case WebSocketClose close:
                return _webSocket!.CloseFromAppAsync(close, cancellationToken);
            case WebSocketSend send:
                return _webSocket!.SendAsync(send, cancellationToken);
            case WebSocketHttpResponseStart start:
                // The denial response is an ordinary HTTP response on this connection, closed after.
                _validator.Reset(HttpSendCapabilities.None);
                return SendCore(new HttpResponseStart(start.Status, start.Headers), cancellationToken);
            case WebSocketHttpResponseBody body:
                if (!body.MoreBody)
                {
                    _handshakeAnswered?.TrySetResult();
                }

                return SendCore(new HttpResponseBody(body.Body, body.MoreBody), cancellationToken);
            default:
                // The validator lets nothing else through.
                throw new InvalidOperationException($"'{message.Name}' cannot be sent in a websocket scope.");
        }
    }

    private bool Offered(string subprotocol)
    {
        foreach (var offered in _handshake.Subprotocols)
        {
            if (string.Equals(offered, subprotocol, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private async ValueTask AcceptAsync(WebSocketAccept accept, CancellationToken cancellationToken)
    {
        if (_state.Has(OutputBroken) || _aborted.IsCancellationRequested)
        {
            throw new ClientDisconnectedException("Cannot send 'websocket.accept': the client is gone.");
        }

        WriteAcceptResponse(accept);
        _state.Set(HeadWritten);
        _status = 101;
        try
        {
            var flush = await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flush.IsCompleted)
            {
                throw OutputFailed(null);
            }
        }
        catch (Exception exception) when (IsOutputFailure(exception))
        {
            throw OutputFailed(exception);
        }

        var session = new WebSocketSession(_id, _transport, _context, _handshake.Deflate);
        _context.Metrics.UpgradedConnectionOpened();
        _webSocket = session;
        session.Start();
        _handshakeAnswered?.TrySetResult();
        // The mirror of RequestClose (set the flag, then read the session): a full fence keeps this load from passing
        // the store above, so one side or the other always closes the session (see ReadRequestHeadAsync).
        Interlocked.MemoryBarrier();
        if (_state.Has(CloseRequested))
        {
            session.RequestClose();
        }
    }

    private void WriteAcceptResponse(WebSocketAccept accept)
    {
        var date = Http1DateHeader.Shared.GetLine().Span;
        var server = _options.AddServerHeader ? "server: gateway\r\n"u8 : default;
        Span<byte> lines = stackalloc byte[date.Length + server.Length];
        date.CopyTo(lines);
        server.CopyTo(lines[date.Length..]);
        WebSocketHandshake.WriteAcceptResponse(_output, _handshake, accept.Subprotocol, accept.Headers, lines);
    }

    /// <summary>The app refused with <c>websocket.close</c> before accepting: 403 without a body, and the connection
    /// closes. The app's receive returns its close as the disconnect.</summary>
    private async ValueTask RefuseAsync(WebSocketClose close)
    {
        _refusal = new WebSocketDisconnect(close.Code, close.Reason);
        _handshakeAnswered?.TrySetResult();
        if (_state.Has(OutputBroken))
        {
            throw OutputFailed(null);
        }

        var writer = new Http1BufferWriter<PipeWriter>(_output);
        writer.Write(Http1StatusLines.Get(403));
        writer.Write("content-length: 0\r\nconnection: close\r\n"u8);
        writer.Write(Http1DateHeader.Shared.GetLine().Span);
        if (_options.AddServerHeader)
        {
            writer.Write("server: gateway\r\n"u8);
        }

        writer.Write("\r\n"u8);
        writer.Commit();
        _state.Set(HeadWritten);
        _status = 403;
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Answers an invalid handshake (400, 403 or 426) without involving the app.</summary>
    private ValueTask RefuseHandshakeAsync()
    {
        _state.Set(ServerAnswered);
        var reason = _handshake.Error ?? "invalid websocket handshake";
        ServerLog.BadRequest(_context.Logger, _id, _handshake.StatusCode, reason);
        _context.Metrics.BadRequest("websocket handshake");
        RecordRequestEnd(_handshake.StatusCode);
        if (!TryTakeOutput())
        {
            return ValueTask.CompletedTask;
        }

        var date = Http1DateHeader.Shared.GetLine().Span;
        WebSocketHandshake.WriteRejectionResponse(_output, _handshake, date);
        _status = _handshake.StatusCode;
        return FlushAnswerAsync();
    }

    private sealed class WebSocketCapabilities : IWebSocketDenialResponseCapability;
}