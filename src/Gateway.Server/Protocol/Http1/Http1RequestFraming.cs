namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// The request-side tables: how the body is delimited and whether the connection persists.
/// </summary>
/// <remarks>
/// <para>Body framing (RFC 9112 §6.3), after the Transfer-Encoding list itself was checked (only a final, single
/// <c>chunked</c> is accepted: anything else before it is 501, anything after it or a repeat is 400) and refused on
/// HTTP/1.0 (400):</para>
/// <code>
///   Transfer-Encoding   Content-Length   framing
///   absent              absent           None             (a request without either has no body, §6.3 rule 7)
///   absent              n                ContentLength(n)
///   chunked             absent           Chunked
///   chunked             n                reject 400       (a proxy may frame it the other way: request smuggling)
/// </code>
/// <para>Persistence (RFC 9112 §9.3), from the Connection tokens:</para>
/// <code>
///   version    "close"   "keep-alive"   persistent
///   HTTP/1.1   no        any            yes   (the default)
///   HTTP/1.1   yes       any            no
///   HTTP/1.0   no        no             no    (the default)
///   HTTP/1.0   no        yes            yes
///   HTTP/1.0   yes       any            no    ("close" wins)
/// </code>
/// </remarks>
internal static class Http1RequestFraming
{
    // Indexed [hasTransferEncoding, hasContentLength]; null marks the rejected combination.
    private static readonly Http1BodyKind?[,] BodyTable =
    {
        { Http1BodyKind.None, Http1BodyKind.ContentLength },
        { Http1BodyKind.Chunked, null },
    };

    // Indexed [version, close, keepAlive].
    private static readonly bool[,,] KeepAliveTable =
    {
        /* HTTP/1.0 */ { /* no close */ { false, true }, /* close */ { false, false } },
        /* HTTP/1.1 */ { /* no close */ { true, true }, /* close */ { false, false } },
    };

    /// <summary>Looks up the body framing.</summary>
    /// <exception cref="Http1BadRequestException">Both Content-Length and Transfer-Encoding (400).</exception>
    public static Http1BodyKind BodyKind(bool hasTransferEncoding, bool hasContentLength)
    {
        var kind = BodyTable[hasTransferEncoding ? 1 : 0, hasContentLength ? 1 : 0];
        if (kind is null)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.ContentLengthAndTransferEncoding);
        }

        return kind.GetValueOrDefault();
    }

    /// <summary>Looks up whether the connection persists after this request.</summary>
    public static bool KeepAlive(Http1Version version, bool close, bool keepAlive) =>
        KeepAliveTable[(int)version, close ? 1 : 0, keepAlive ? 1 : 0];
}