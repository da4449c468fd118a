namespace Gateway;

/// <summary>What a <see cref="Scope"/> describes, and so which messages may flow through it.</summary>
public enum ScopeType
{
    /// <summary>One HTTP request and its response: <see cref="HttpRequest"/> in, <see cref="HttpResponseStart"/> and
    /// <see cref="HttpResponseBody"/> out.</summary>
    Http,

    /// <summary>One WebSocket connection: <see cref="WebSocketConnect"/> first, then messages both ways until a close.</summary>
    WebSocket,

    /// <summary>The server's lifetime: <see cref="LifespanStartup"/> before the first connection is accepted and
    /// <see cref="LifespanShutdown"/> after the last one has been drained.</summary>
    Lifespan,
}