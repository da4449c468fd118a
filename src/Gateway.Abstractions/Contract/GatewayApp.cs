namespace Gateway;

/// <summary>
/// A Gateway application: the single contract between a server and an app, as ASGI's
/// <c>app(scope, receive, send)</c> is in Python.
/// </summary>
/// <param name="scope">What this call is about: one HTTP request, one WebSocket connection, or the server's lifespan.</param>
/// <param name="receive">Returns the next event from the client (or the server, for lifespan).</param>
/// <param name="send">Sends an event to the client (or reports to the server, for lifespan).</param>
/// <returns>A task that completes when the app is finished with <paramref name="scope"/>.</returns>
/// <remarks>
/// <para>
/// A server calls the app once per scope and never concurrently for the same scope. Returning means the app is done:
/// for HTTP the response must be complete by then, otherwise the server closes the connection without completing it.
/// </para>
/// <para>Every server enforces these rules; <see cref="ServerKit.HttpSendValidator"/> and its siblings implement them:</para>
/// <list type="bullet">
/// <item>A message that is wrong for the scope type or for the state of the exchange makes <paramref name="send"/> throw
/// <see cref="InvalidOperationException"/> (for example a body before <see cref="HttpResponseStart"/>, or anything after the
/// response completed).</item>
/// <item><paramref name="send"/> after the client went away throws <see cref="ClientDisconnectedException"/>, which servers
/// never log as an error.</item>
/// <item>An exception from the app before the response started becomes a <c>500</c> response and the connection is closed;
/// after it started, the connection is aborted, so the client sees a truncated response rather than a wrong one.</item>
/// <item>Once the response is complete or the client is gone, <paramref name="receive"/> returns <see cref="HttpDisconnect"/>
/// (or <see cref="WebSocketDisconnect"/>).</item>
/// <item>Memory handed out by <paramref name="receive"/> (request bodies, WebSocket payloads) is valid only until the next call
/// to <paramref name="receive"/>; memory handed to <paramref name="send"/> may be reused by the app as soon as the returned
/// task completes.</item>
/// </list>
/// </remarks>
public delegate ValueTask GatewayApp(Scope scope, Receive receive, Send send);