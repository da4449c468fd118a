using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Threading.Channels;

using Gateway.ServerKit;

namespace Gateway.Testing;

// The server side of one test WebSocket connection. Messages flow through two bounded queues; a close is not queued but
// recorded, and the queue is completed, so whoever reads a queue sees every message sent before the close, then the
// close. Who ends the connection, and what each side then sees:
//
//   event                          app's receive returns               test's receive returns      app's send
//   -----------------------------  ----------------------------------  --------------------------  ------------------------
//   app sends websocket.close      disconnect(its code) at once        the close                   throws (validator)
//   app returns after accept       -                                   close 1000                  -
//   app throws after accept        -                                   close 1011 (or the          -
//                                                                      exception, when raised)
//   test CloseOutputAsync          queued messages, disconnect(code)   the echo of its close       ClientDisconnected
//   test Abort/Dispose, client     queued messages, disconnect(1006)   - (aborted)                 ClientDisconnected
//   disposed
//   test sends invalid UTF-8 /     queued messages, disconnect(1007    close 1007 / 1009           ClientDisconnected
//   a message too big              / 1009)
//
// As a server's protocol layer does, the close of the test is answered at once, whatever the app is doing.

/// <summary>One WebSocket connection played through the app in process: the app's <see cref="Receive"/> and
/// <see cref="Send"/>, with the contract enforced, and the queues the <see cref="TestWebSocket"/> reads and writes.</summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The app may hold Scope.Aborted beyond the connection; the source has no timer, wait handle or linked registration to release.")]
internal sealed class WebSocketExchange
{
    private readonly TestHost _host;
    private readonly TestWebSocketOptions _options;
    private readonly string[] _subprotocols;
    private readonly WebSocketSendValidator _validator;
    private readonly ContractMonitor _monitor = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _aborted = new();
    private readonly Channel<WebSocketReceive> _toApp;
    private readonly Channel<WebSocketSend> _toClient;
    private readonly TaskCompletionSource<TestWebSocket> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _appDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _stopping;
    private bool _connectDelivered;
    private bool _clientGone;
    private bool _appReturned;
    private WebSocketDisconnect? _disconnect;
    private WebSocketDisconnect? _closedByApp;
    private CloseFrame? _closeToClient;
    private Exception? _failure;
    private bool _failureClosed;
    private WebSocketHttpResponseStart? _denial;
    private ArrayBufferWriter<byte>? _denialBody;

    public WebSocketExchange(TestHost host, TestWebSocketOptions options)
    {
        options.Validate();
        _host = host;
        _options = options;
        _subprotocols = [.. options.Subprotocols];
        _validator = new WebSocketSendValidator(host.Options.OfferWebSocketDenialResponse);
        _toApp = Channel.CreateBounded<WebSocketReceive>(new BoundedChannelOptions(options.MessageQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        _toClient = Channel.CreateBounded<WebSocketSend>(new BoundedChannelOptions(options.MessageQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
        });
    }

    public TimeSpan Timeout => _host.Options.Timeout;

    public int MaxMessageSize => _options.MaxMessageSize;

    /// <summary>The close the test receives once it has read the queued messages: the app's, the server's on the
    /// app's behalf, or the echo of the test's own.</summary>
    public CloseFrame? CloseToClient
    {
        get
        {
            lock (_gate)
            {
                return _closeToClient;
            }
        }
    }

    /// <summary>Runs the app for the connection and waits for its answer to the handshake.</summary>
    /// <exception cref="WebSocketDeniedException">The app refused the connection.</exception>
    /// <exception cref="TimeoutException">The app did not answer within the timeout.</exception>
    public async Task<TestWebSocket> ConnectAsync(Uri uri, IEnumerable<KeyValuePair<string, IEnumerable<string>>> defaultHeaders, CancellationToken cancellationToken)
    {
        var scope = CreateScope(uri, defaultHeaders);
        _stopping = _host.Stopping.UnsafeRegister(static state => ((WebSocketExchange)state!).End(new WebSocketDisconnect(1006), null), this);
        _host.Run(() => RunAppAsync(scope));
        try
        {
            return await _handshake.Task.WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException)
        {
            End(new WebSocketDisconnect(1006), null);
            throw;
        }
    }

    /// <summary>Waits until the app has returned.</summary>
    public Task WaitForAppAsync(CancellationToken cancellationToken) => _appDone.Task.WaitAsync(cancellationToken);

    /// <summary>Takes the app's failure to raise to the test, once: later calls return <see langword="null"/>.</summary>
    /// <param name="onlyIfItClosed">Take it only if it caused the close the test receives (1011): a receive that reaches
    /// that close raises it, whereas a failure after the connection was closed otherwise waits for disposal, which waits
    /// for the app. Either way the point where it is raised does not depend on timing.</param>
    public Exception? TakeFailure(bool onlyIfItClosed)
    {
        lock (_gate)
        {
            if (onlyIfItClosed && !_failureClosed)
            {
                return null;
            }

            var failure = _failure;
            _failure = null;
            return failure;
        }
    }

    /// <summary>Queues a message from the test for the app, waiting while the queue is full. Dropped without error once
    /// the app side is over, as the bytes of a real client are once the server has closed.</summary>
    public async ValueTask SendToAppAsync(WebSocketReceive message, CancellationToken cancellationToken)
    {
        var writer = _toApp.Writer;
        while (!writer.TryWrite(message))
        {
            if (!await writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Waits for the app's next message; <see langword="null"/> once the app's side is closed (read
    /// <see cref="CloseToClient"/>).</summary>
    public async ValueTask<WebSocketSend?> ReceiveFromAppAsync(CancellationToken cancellationToken)
    {
        var reader = _toClient.Reader;
        WebSocketSend? message;
        while (!reader.TryRead(out message))
        {
            if (!await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }

        return message;
    }

    /// <summary>
    /// Ends the connection from the client's side: the test closed (its close), aborted (1006), or broke the protocol
    /// (1007, 1009, answered with a close of that code). The app receives <paramref name="disconnect"/> after the queued
    /// messages, and its sends throw <see cref="ClientDisconnectedException"/> from now on.
    /// </summary>
    /// <param name="disconnect">What the app's receive returns.</param>
    /// <param name="closeToClient">The close the test receives, unless the app's close came first; <see langword="null"/>
    /// when the test will not receive any more (it aborted).</param>
    public void End(WebSocketDisconnect disconnect, CloseFrame? closeToClient)
    {
        lock (_gate)
        {
            if (_clientGone)
            {
                return;
            }

            _clientGone = true;
            _disconnect ??= disconnect;
            _closeToClient ??= closeToClient ?? new CloseFrame(disconnect.Code, disconnect.Reason);
        }

        _toApp.Writer.TryComplete();
        _toClient.Writer.TryComplete();
        _ = _aborted.CancelAsync();
        // Before acceptance this is the test giving up (cancelled, timed out) or the client being disposed.
        _handshake.TrySetCanceled();
    }

    private Scope CreateScope(Uri uri, IEnumerable<KeyValuePair<string, IEnumerable<string>>> defaultHeaders)
    {
        var scheme = uri.Scheme switch
        {
            "ws" or "http" => "ws",
            "wss" or "https" => "wss",
            _ => throw new ArgumentException($"A WebSocket URI is ws, wss, http or https, not '{uri.Scheme}'.", nameof(uri)),
        };
        var options = _host.Options;
        var target = RequestTarget.From(uri, options.RootPath);
        return new Scope
        {
            Type = ScopeType.WebSocket,
            Scheme = scheme,
            Path = target.Path,
            RawPath = target.RawPath,
            QueryString = target.QueryString,
            RootPath = options.RootPath,
            Headers = CreateHeaders(uri, defaultHeaders),
            Client = options.Client,
            Server = options.Server,
            Subprotocols = _subprotocols,
            State = _host.CreateState(),
            Extensions = _host.WebSocketExtensions(),
            Services = options.Services,
            Aborted = _aborted.Token,
        };
    }

    /// <summary>The handshake headers of a browser: host, the upgrade request, a fresh key, the offered subprotocols,
    /// then the client's default headers and the connection's own.</summary>
    private Headers CreateHeaders(Uri uri, IEnumerable<KeyValuePair<string, IEnumerable<string>>> defaultHeaders)
    {
        var builder = new HeadersBuilder(8 + _options.Headers.Count)
            .Add("host", RequestTarget.HostHeader(uri))
            .Add("upgrade", "websocket")
            .Add("connection", "upgrade")
            .Add("sec-websocket-version", "13")
            .Add("sec-websocket-key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
        if (_subprotocols.Length > 0)
        {
            builder.Add("sec-websocket-protocol", string.Join(", ", _subprotocols));
        }

        foreach (var (name, values) in defaultHeaders)
        {
            foreach (var value in values)
            {
                builder.Add(name, value);
            }
        }

        return builder.AddRange(_options.Headers).Build();
    }

    private async Task RunAppAsync(Scope scope)
    {
        Exception? error = null;
        try
        {
            await _host.App(scope, ReceiveAsync, SendAsync).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever the app throws is reported to the test, never to the thread pool.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            error = exception;
        }

        Finish(error);
    }

    /// <summary>Settles the handshake or closes the connection once the app has returned, following the contract's
    /// rules and <see cref="TestClientOptions.RaiseAppExceptions"/>.</summary>
    private void Finish(Exception? error)
    {
        _stopping.Dispose();
        var raise = _host.Options.RaiseAppExceptions;
        var reportable = _monitor.Reportable(error, _aborted.Token);
        WebSocketPhase phase;
        lock (_gate)
        {
            _appReturned = true;
            phase = _validator.Phase;
            if (phase != WebSocketPhase.Connecting && phase != WebSocketPhase.SendingDenialBody)
            {
                var failed = reportable is not null && error is not null;
                _failureClosed = failed && _closeToClient is null;
                _closeToClient ??= new CloseFrame(failed ? 1011 : 1000, string.Empty);
                _disconnect ??= new WebSocketDisconnect(failed ? 1011 : 1000);
                _failure = raise ? reportable : null;
            }
        }

        if (phase is WebSocketPhase.Connecting or WebSocketPhase.SendingDenialBody)
        {
            Exception refusal = raise
                ? reportable ?? new InvalidOperationException("The app returned without answering 'websocket.connect': send 'websocket.accept', 'websocket.close' or a denial response.")
                : phase == WebSocketPhase.Connecting
                    ? new WebSocketDeniedException(500, Headers.Empty, ReadOnlyMemory<byte>.Empty)
                    : new System.Net.WebSockets.WebSocketException(System.Net.WebSockets.WebSocketError.ConnectionClosedPrematurely, "The app did not complete its denial response.");
            _handshake.TrySetException(refusal);
        }

        _toApp.Writer.TryComplete();
        _toClient.Writer.TryComplete();
        _appDone.TrySetResult();
    }

    private async ValueTask<Message> ReceiveAsync(CancellationToken cancellationToken)
    {
        _monitor.EnterReceive();
        try
        {
            lock (_gate)
            {
                if (!_connectDelivered)
                {
                    _connectDelivered = true;
                    return WebSocketConnect.Instance;
                }

                if (_closedByApp is { } closed)
                {
                    return closed;
                }
            }

            var reader = _toApp.Reader;
            WebSocketReceive? message;
            while (!reader.TryRead(out message))
            {
                if (!await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    lock (_gate)
                    {
                        return _disconnect!;
                    }
                }
            }

            return message;
        }
        finally
        {
            _monitor.ExitReceive();
        }
    }

    private async ValueTask SendAsync(Message message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        _monitor.EnterSend();
        try
        {
            WebSocketPhase before;
            lock (_gate)
            {
                if (_appReturned)
                {
                    throw _monitor.Record(new InvalidOperationException($"Cannot send '{message.Name}': the app has returned, which ends the scope."));
                }

                before = _validator.Phase;
                if (message is WebSocketAccept { Subprotocol: { } chosen } && before == WebSocketPhase.Connecting && !_subprotocols.Contains(chosen))
                {
                    throw _monitor.Record(new InvalidOperationException(
                        $"Cannot accept with subprotocol '{chosen}': the client offered only [{string.Join(", ", _subprotocols)}] (Scope.Subprotocols)."));
                }

                try
                {
                    _validator.Advance(message);
                }
                catch (InvalidOperationException violation)
                {
                    throw _monitor.Record(violation);
                }

                if (_clientGone)
                {
                    throw new ClientDisconnectedException($"Cannot send '{message.Name}': the client has closed or left the connection.");
                }
            }

            switch (message)
            {
                case WebSocketAccept accept:
                    _handshake.TrySetResult(new TestWebSocket(this, accept.Subprotocol, accept.Headers));
                    break;
                case WebSocketClose close when before == WebSocketPhase.Connecting:
                    CloseFromApp(new WebSocketDisconnect(close.Code, close.Reason));
                    _handshake.TrySetException(new WebSocketDeniedException(
                        "The app refused the WebSocket handshake with 'websocket.close' (answered with 403).", null));
                    break;
                case WebSocketClose close:
                    CloseFromApp(new WebSocketDisconnect(close.Code, close.Reason));
                    break;
                case WebSocketHttpResponseStart start:
                    _denial = start;
                    _denialBody = new ArrayBufferWriter<byte>();
                    break;
                case WebSocketHttpResponseBody body:
                    AddDenialBody(body);
                    break;
                case WebSocketSend send:
                    await SendToClientAsync(send, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        finally
        {
            _monitor.ExitSend();
        }
    }

    private void AddDenialBody(WebSocketHttpResponseBody body)
    {
        if (_denialBody!.WrittenCount + body.Body.Length > _options.MaxMessageSize)
        {
            throw new InvalidOperationException($"The denial response body is larger than the {_options.MaxMessageSize} bytes the test client keeps (TestWebSocketOptions.MaxMessageSize).");
        }

        _denialBody.Write(body.Body.Span);
        if (!body.MoreBody)
        {
            CloseFromApp(new WebSocketDisconnect(1006));
            _handshake.TrySetException(new WebSocketDeniedException(_denial!.Status, _denial.Headers, _denialBody.WrittenMemory));
        }
    }

    private async ValueTask SendToClientAsync(WebSocketSend send, CancellationToken cancellationToken)
    {
        // The app may reuse its buffer once send returns, and the test may read the message much later.
        var copy = send.IsText ? WebSocketSend.FromUtf8Text(send.Data.ToArray()) : new WebSocketSend(send.Data.ToArray());
        var writer = _toClient.Writer;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _aborted.Token);
        try
        {
            while (!writer.TryWrite(copy))
            {
                if (!await writer.WaitToWriteAsync(linked.Token).ConfigureAwait(false))
                {
                    throw new ClientDisconnectedException("Cannot send 'websocket.send': the client has closed or left the connection.");
                }
            }
        }
        catch (OperationCanceledException) when (_aborted.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ClientDisconnectedException("Cannot send 'websocket.send': the client has closed or left the connection.");
        }
    }

    private void CloseFromApp(WebSocketDisconnect disconnect)
    {
        lock (_gate)
        {
            _closedByApp = disconnect;
            _disconnect ??= disconnect;
            _closeToClient ??= new CloseFrame(disconnect.Code, disconnect.Reason);
        }

        _toApp.Writer.TryComplete();
        _toClient.Writer.TryComplete();
    }
}