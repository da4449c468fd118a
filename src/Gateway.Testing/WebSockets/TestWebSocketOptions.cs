namespace Gateway.Testing;

/// <summary>How <see cref="TestClient.ConnectWebSocketAsync"/> opens one connection: what the handshake carries, and
/// the bounds on what the connection buffers.</summary>
/// <remarks>Read when the connection is opened; later changes have no effect on it. Not thread-safe.</remarks>
public sealed class TestWebSocketOptions
{
    /// <summary>The subprotocols to offer, in order of preference: <see cref="Scope.Subprotocols"/> and the
    /// <c>sec-websocket-protocol</c> header. The app may accept one of them, and no other.</summary>
    public IList<string> Subprotocols { get; } = [];

    /// <summary>Extra handshake headers (a cookie, an authorization, an origin), added after the ones a browser sends;
    /// for example <c>Headers = [new("origin", "http://testserver")]</c>.</summary>
    public Headers Headers { get; set; } = Headers.Empty;

    /// <summary>How many whole messages each direction holds before its sender waits (32 by default): the test's
    /// sends wait for the app to receive, and the app's sends wait for the test to receive.</summary>
    public int MessageQueueCapacity { get; set; } = 32;

    /// <summary>The largest message the test may send, in bytes (16 MiB by default, as uvicorn): a larger one fails the
    /// connection with 1009 (message too big), as a server would. It also bounds a denial response's body.</summary>
    public int MaxMessageSize { get; set; } = 16 * 1024 * 1024;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MessageQueueCapacity, 1, nameof(MessageQueueCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageSize, 1, nameof(MaxMessageSize));
        ArgumentNullException.ThrowIfNull(Headers, nameof(Headers));
        foreach (var subprotocol in Subprotocols)
        {
            if (subprotocol is null || !HeadersBuilder.IsValidName(System.Text.Encoding.Latin1.GetBytes(subprotocol)))
            {
                throw new ArgumentException($"'{subprotocol}' is not a valid subprotocol: subprotocols are RFC 9110 tokens.", nameof(Subprotocols));
            }
        }
    }
}