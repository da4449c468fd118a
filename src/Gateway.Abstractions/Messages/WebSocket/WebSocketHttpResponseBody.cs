namespace Gateway;

/// <summary><c>websocket.http.response.body</c>: a chunk of a denial response's body (see
/// <see cref="WebSocketHttpResponseStart"/>). The scope ends after the final chunk.</summary>
public sealed class WebSocketHttpResponseBody : Message
{
    /// <summary>Creates a body chunk.</summary>
    /// <param name="body">The bytes, copied by the server before <see cref="Send"/> completes.</param>
    /// <param name="moreBody">Whether more chunks follow.</param>
    public WebSocketHttpResponseBody(ReadOnlyMemory<byte> body, bool moreBody = false)
        : base(MessageType.WebSocketHttpResponseBody)
    {
        Body = body;
        MoreBody = moreBody;
    }

    /// <summary>The chunk's bytes.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Whether more chunks follow.</summary>
    public bool MoreBody { get; }
}