namespace Gateway;

/// <summary>
/// <c>http.response.start</c>: the response status and headers. The first message an HTTP app sends (after any
/// <see cref="HttpResponseEarlyHints"/>), exactly once.
/// </summary>
/// <remarks>
/// <para>The server owns connection management and framing: it drops hop-by-hop headers (<c>connection</c>,
/// <c>keep-alive</c>, <c>transfer-encoding</c>, <c>upgrade</c> ...) and adds <c>date</c>. When <c>content-length</c> is
/// given the body must have exactly that many bytes, or the connection is aborted; when it is not, the server picks the
/// framing (a length when the whole body comes in one message, otherwise chunked or close-delimited).</para>
/// <para>Immutable, so an app may create one instance and send it for every request.</para>
/// </remarks>
public sealed class HttpResponseStart : Message
{
    /// <summary>Creates a response start.</summary>
    /// <param name="status">The status code, 200 to 599.</param>
    /// <param name="headers">The headers, or none.</param>
    /// <param name="trailers">Whether the app will send <see cref="HttpResponseTrailers"/> after the body; only when the
    /// scope offers <see cref="IHttpResponseTrailersCapability"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not a final status.</exception>
    public HttpResponseStart(int status, Headers? headers = null, bool trailers = false)
        : base(MessageType.HttpResponseStart)
    {
        Status = CheckStatus(status, nameof(status));
        Headers = headers ?? Headers.Empty;
        Trailers = trailers;
    }

    /// <summary>The status code.</summary>
    public int Status { get; }

    /// <summary>The response headers.</summary>
    public Headers Headers { get; }

    /// <summary>Whether trailers follow the body.</summary>
    public bool Trailers { get; }
}