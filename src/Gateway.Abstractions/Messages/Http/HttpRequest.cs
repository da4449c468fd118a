namespace Gateway;

/// <summary>
/// <c>http.request</c>: a chunk of the request body, from <see cref="Receive"/>. The body is the concatenation of every
/// chunk up to the one whose <see cref="MoreBody"/> is <see langword="false"/>; a request without a body yields one empty
/// chunk.
/// </summary>
/// <remarks>
/// <see cref="Body"/> may point into the server's receive buffer: it is valid only until the next call to
/// <see cref="Receive"/>. Copy what must outlive that, or read through <see cref="RequestBodyReader"/>.
/// </remarks>
public sealed class HttpRequest : Message
{
    /// <summary>An empty, final chunk: the body of a request without one.</summary>
    public static HttpRequest Empty { get; } = new(ReadOnlyMemory<byte>.Empty, moreBody: false);

    /// <summary>Creates a body chunk.</summary>
    /// <param name="body">The bytes.</param>
    /// <param name="moreBody">Whether more chunks follow.</param>
    public HttpRequest(ReadOnlyMemory<byte> body, bool moreBody)
        : base(MessageType.HttpRequest)
    {
        Body = body;
        MoreBody = moreBody;
    }

    /// <summary>The chunk's bytes, valid until the next <see cref="Receive"/> call.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Whether more body chunks follow this one.</summary>
    public bool MoreBody { get; }
}