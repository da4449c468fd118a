namespace Gateway;

/// <summary>The kind of a <see cref="Message"/>, for switching without type tests. Each matches one ASGI message type.</summary>
public enum MessageType
{
    /// <summary><c>http.request</c>: <see cref="Gateway.HttpRequest"/>.</summary>
    HttpRequest,

    /// <summary><c>http.disconnect</c>: <see cref="Gateway.HttpDisconnect"/>.</summary>
    HttpDisconnect,

    /// <summary><c>http.response.start</c>: <see cref="Gateway.HttpResponseStart"/>.</summary>
    HttpResponseStart,

    /// <summary><c>http.response.body</c>: <see cref="Gateway.HttpResponseBody"/>.</summary>
    HttpResponseBody,

    /// <summary><c>http.response.trailers</c>: <see cref="Gateway.HttpResponseTrailers"/>.</summary>
    HttpResponseTrailers,

    /// <summary><c>http.response.early_hints</c>: <see cref="Gateway.HttpResponseEarlyHints"/>.</summary>
    HttpResponseEarlyHints,

    /// <summary><c>http.response.pathsend</c>: <see cref="Gateway.HttpResponseFile"/>.</summary>
    HttpResponseFile,

    /// <summary><c>websocket.connect</c>: <see cref="Gateway.WebSocketConnect"/>.</summary>
    WebSocketConnect,

    /// <summary><c>websocket.accept</c>: <see cref="Gateway.WebSocketAccept"/>.</summary>
    WebSocketAccept,

    /// <summary><c>websocket.receive</c>: <see cref="Gateway.WebSocketReceive"/>.</summary>
    WebSocketReceive,

    /// <summary><c>websocket.send</c>: <see cref="Gateway.WebSocketSend"/>.</summary>
    WebSocketSend,

    /// <summary><c>websocket.disconnect</c>: <see cref="Gateway.WebSocketDisconnect"/>.</summary>
    WebSocketDisconnect,

    /// <summary><c>websocket.close</c>: <see cref="Gateway.WebSocketClose"/>.</summary>
    WebSocketClose,

    /// <summary><c>websocket.http.response.start</c>: <see cref="Gateway.WebSocketHttpResponseStart"/>.</summary>
    WebSocketHttpResponseStart,

    /// <summary><c>websocket.http.response.body</c>: <see cref="Gateway.WebSocketHttpResponseBody"/>.</summary>
    WebSocketHttpResponseBody,

    /// <summary><c>lifespan.startup</c>: <see cref="Gateway.LifespanStartup"/>.</summary>
    LifespanStartup,

    /// <summary><c>lifespan.startup.complete</c>: <see cref="Gateway.LifespanStartupComplete"/>.</summary>
    LifespanStartupComplete,

    /// <summary><c>lifespan.startup.failed</c>: <see cref="Gateway.LifespanStartupFailed"/>.</summary>
    LifespanStartupFailed,

    /// <summary><c>lifespan.shutdown</c>: <see cref="Gateway.LifespanShutdown"/>.</summary>
    LifespanShutdown,

    /// <summary><c>lifespan.shutdown.complete</c>: <see cref="Gateway.LifespanShutdownComplete"/>.</summary>
    LifespanShutdownComplete,

    /// <summary><c>lifespan.shutdown.failed</c>: <see cref="Gateway.LifespanShutdownFailed"/>.</summary>
    LifespanShutdownFailed,
}