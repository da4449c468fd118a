namespace Gateway;

/// <summary>
/// <c>http.disconnect</c>: from <see cref="Receive"/> once the response is complete or the client has gone away. Every
/// later call returns it again.
/// </summary>
public sealed class HttpDisconnect : Message
{
    private HttpDisconnect()
        : base(MessageType.HttpDisconnect)
    {
    }

    /// <summary>The message.</summary>
    public static HttpDisconnect Instance { get; } = new();
}