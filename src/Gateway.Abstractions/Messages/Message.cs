namespace Gateway;

/// <summary>
/// An event passed through <see cref="Receive"/> or <see cref="Send"/>. The set is closed: every message type is a sealed,
/// immutable class defined by the contract, so apps and servers can match on them exhaustively (by
/// <see cref="Type"/> or by type pattern). Field-less messages are singletons.
/// </summary>
public abstract class Message
{
    private static readonly string[] Names =
    [
        "http.request", "http.disconnect", "http.response.start", "http.response.body", "http.response.trailers",
        "http.response.early_hints", "http.response.pathsend", "websocket.connect", "websocket.accept", "websocket.receive",
        "websocket.send", "websocket.disconnect", "websocket.close", "websocket.http.response.start",
        "websocket.http.response.body", "lifespan.startup", "lifespan.startup.complete", "lifespan.startup.failed",
        "lifespan.shutdown", "lifespan.shutdown.complete", "lifespan.shutdown.failed",
    ];

    private protected Message(MessageType type) => Type = type;

    /// <summary>The kind of message.</summary>
    public MessageType Type { get; }

    /// <summary>The ASGI name of the message type, such as <c>http.response.start</c>.</summary>
    public string Name => Names[(int)Type];

    /// <summary>The ASGI name of the message type.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;

    /// <summary>Validates a status code for a response start message.</summary>
    private protected static int CheckStatus(int status, string paramName)
    {
        if (status is < 200 or > 599)
        {
            throw new ArgumentOutOfRangeException(
                paramName, status, "A final response status is between 200 and 599; informational (1xx) responses are sent by the server.");
        }

        return status;
    }
}