namespace Gateway;

/// <summary>
/// <c>http.response.body</c>: a chunk of the response body. The response is complete after the chunk whose
/// <see cref="MoreBody"/> is <see langword="false"/> (and after the trailers, when announced).
/// </summary>
/// <remarks>
/// The server copies or writes <see cref="Body"/> before <see cref="Send"/> completes, so the app may reuse the memory
/// afterwards. Sending the whole body in one final message lets the server frame it with <c>content-length</c>.
/// </remarks>
public sealed class HttpResponseBody : Message
{
    /// <summary>An empty, final chunk: ends a streamed body, or is the whole body of an empty response.</summary>
    public static HttpResponseBody Empty { get; } = new(ReadOnlyMemory<byte>.Empty, moreBody: false);

    /// <summary>Creates a body chunk.</summary>
    /// <param name="body">The bytes.</param>
    /// <param name="moreBody">Whether more chunks follow.</param>
    public HttpResponseBody(ReadOnlyMemory<byte> body, bool moreBody = false)
        : base(MessageType.HttpResponseBody)
    {
        Body = body;
        MoreBody = moreBody;
    }

    /// <summary>The chunk's bytes.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Whether more body chunks follow this one.</summary>
    public bool MoreBody { get; }
}