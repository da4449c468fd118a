namespace Gateway.Testing;

/// <summary>
/// An <see cref="HttpClient"/> that runs a Gateway app in process, with no sockets, as Starlette's <c>TestClient</c>
/// does: every request becomes an HTTP scope, and the app's messages become the <see cref="HttpResponseMessage"/>.
/// It plays a strict server: each message the app sends is checked against the contract, and an app that breaks a rule
/// fails its test (see <see cref="TestClientOptions.RaiseAppExceptions"/>).
/// </summary>
/// <remarks>
/// <para>
/// The response is returned as soon as the app sends <see cref="HttpResponseStart"/>; the body then streams through a
/// bounded buffer while the app sends it, so <see cref="HttpCompletionOption.ResponseHeadersRead"/> reads chunks as
/// they are sent and the app waits while the test does not read. The end of the body is reported once the app has
/// returned, so work it does after completing the response has finished (and its failure is thrown) by then.
/// </para>
/// <para>
/// Requests work without <see cref="StartAsync"/>, with an empty <see cref="Scope.State"/>. After a successful
/// <see cref="StartAsync"/>, every scope gets a shallow copy of what lifespan startup stored.
/// <see cref="DisposeAsync"/> (or <see cref="HttpMessageInvoker.Dispose()"/>) aborts what is still running and runs the
/// lifespan shutdown.
/// </para>
/// <para>
/// Memory, as the contract states it: a request body chunk handed to the app by <see cref="Receive"/> points into the
/// client's bounded buffer and is valid only until the app's next <see cref="Receive"/> (the memory is then reused, so an
/// app that keeps it sees it change); what the app passes to <see cref="Send"/> is copied before the send completes, so
/// the app may reuse it at once. WebSocket payloads given to the app are its own.
/// </para>
/// <para>Thread-safe like <see cref="HttpClient"/>: requests and WebSocket connections may run concurrently, each in a
/// scope of its own, and the app is never called twice for one scope.</para>
/// </remarks>
public class TestClient : HttpClient, IAsyncDisposable
{
    private readonly TestHost _host;

    /// <summary>Creates a client for <paramref name="app"/>, with <see cref="HttpClient.BaseAddress"/>
    /// <c>http://testserver/</c> and <see cref="HttpClient.Timeout"/> from the options.</summary>
    /// <param name="app">The app under test.</param>
    /// <param name="options">How the client plays the server; copied now. Defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public TestClient(GatewayApp app, TestClientOptions? options = null)
        : this(new TestHost(app, options))
    {
    }

    private TestClient(TestHost host)
        : base(new GatewayHttpHandler(host), disposeHandler: true)
    {
        _host = host;
        BaseAddress = new Uri("http://testserver/");
        Timeout = host.Options.Timeout;
    }

    /// <summary>
    /// Runs the app's lifespan startup (<see cref="LifespanStartup"/>), as a server does before accepting connections.
    /// An app that does not handle lifespan scopes (it returns or throws without receiving) is tolerated.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the app.</param>
    /// <returns>A task that completes when startup succeeded or the app does not support lifespan.</returns>
    /// <exception cref="Gateway.ServerKit.LifespanFailedException">The app reported or caused a failed startup.</exception>
    /// <exception cref="InvalidOperationException">The lifespan was already started.</exception>
    /// <exception cref="TimeoutException">The app did not answer within <see cref="TestClientOptions.Timeout"/>.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => _host.StartLifespanAsync(cancellationToken);

    /// <summary>
    /// Opens a WebSocket connection to the app: a WebSocket scope whose headers are a browser's handshake (<c>host</c>,
    /// <c>upgrade</c>, <c>connection</c>, <c>sec-websocket-version</c>, <c>sec-websocket-key</c>,
    /// <c>sec-websocket-protocol</c> when subprotocols are offered), then <see cref="HttpClient.DefaultRequestHeaders"/>
    /// and the options' headers. The app receives <see cref="WebSocketConnect"/> first.
    /// </summary>
    /// <param name="pathAndQuery">The target, relative to <see cref="HttpClient.BaseAddress"/> (<c>/ws?room=1</c>), or an
    /// absolute <c>ws</c>, <c>wss</c>, <c>http</c> or <c>https</c> URI; https and wss give a <c>wss</c> scope.</param>
    /// <param name="options">Subprotocols, headers and bounds for this connection; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels waiting for the app's answer; the app then sees the client leave.</param>
    /// <returns>The open connection, once the app has sent <see cref="WebSocketAccept"/>. Dispose it.</returns>
    /// <exception cref="WebSocketDeniedException">The app refused: <see cref="WebSocketClose"/> (403), a denial response,
    /// or a failure before accepting (500) when app exceptions are not raised.</exception>
    /// <exception cref="TimeoutException">The app did not answer within <see cref="TestClientOptions.Timeout"/>.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    /// <remarks>When app exceptions are raised, an app that fails before accepting makes this method throw its exception,
    /// and one that returns without answering makes it throw <see cref="InvalidOperationException"/>.</remarks>
    public async Task<TestWebSocket> ConnectWebSocketAsync(string pathAndQuery, TestWebSocketOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        ObjectDisposedException.ThrowIf(_host.IsStopped, this);
        var uri = BaseAddress is { } baseAddress ? new Uri(baseAddress, pathAndQuery) : new Uri(pathAndQuery, UriKind.Absolute);
        var session = new WebSocketExchange(_host, options ?? new TestWebSocketOptions());
        return await session.ConnectAsync(uri, DefaultRequestHeaders.NonValidated.Select(static header => new KeyValuePair<string, IEnumerable<string>>(header.Key, header.Value)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Aborts the requests and WebSocket connections still running (their apps see the client leave), waits up to
    /// <see cref="TestClientOptions.Timeout"/> for their apps to return, then runs the lifespan shutdown if startup
    /// succeeded, and disposes the client. Runs once.
    /// </summary>
    /// <returns>A task that completes when the client is disposed.</returns>
    /// <exception cref="Gateway.ServerKit.LifespanFailedException">The app reported or caused a failed shutdown.</exception>
    /// <exception cref="TimeoutException">The app did not answer the shutdown within the timeout.</exception>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            Dispose();
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Disposes the client as <see cref="DisposeAsync"/> does, blocking on the shutdown.</summary>
    /// <param name="disposing">Whether this is a call to <see cref="HttpMessageInvoker.Dispose()"/>.</param>
    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            base.Dispose(disposing);
            return;
        }

        try
        {
            _host.StopAsync().GetAwaiter().GetResult();
        }
        finally
        {
            base.Dispose(disposing);
        }
    }
}