namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// How a response is framed and whether the connection persists after it: one lookup in the table below.
/// </summary>
/// <remarks>
/// <para>Keys: the status class; whether the request was HEAD; where a length comes from — the app's content-length
/// (App), the whole body known at start because the connection held the head back until the first body message and it
/// was the last (Known), or neither (Unknown); and the request version. First matching row wins:</para>
/// <code>
///   status   HEAD  length    version → body framing    content-length header   close
///   1xx      *     *         *       → None            none                    no    (RFC 9110 §15.2: no content)
///   204      *     *         *       → None            none                    no    (§8.6: MUST NOT send one)
///   304      *     App       *       → None            app's                   no    (§8.6: describes the 200 body)
///   304      *     *         *       → None            none                    no
///   other    yes   App       *       → None            app's                   no    (§9.3.2: HEAD gets GET's fields)
///   other    yes   Known     *       → None            known                   no
///   other    yes   Unknown   *       → None            none                    no
///   other    no    App       *       → ContentLength   app's                   no
///   other    no    Known     *       → ContentLength   known                   no
///   other    no    Unknown   1.1     → Chunked         none                    no
///   other    no    Unknown   1.0     → CloseDelimited  none                    yes   (RFC 9112 §6.3 rule 8)
/// </code>
/// <para>Trailers need chunked: when the app sends them and the client accepts them (HTTP/1.1, <c>TE: trailers</c>),
/// the length is looked up as Unknown and the app's content-length is not sent (the connection should still hold the
/// app to it). The connection persists when the request allowed it, the row does not close, and the caller does not
/// force a close; a persistent HTTP/1.0 connection announces <c>connection: keep-alive</c>, a closing one
/// <c>connection: close</c>.</para>
/// </remarks>
/// <param name="Body">How body bytes are written.</param>
/// <param name="ContentLengthHeader">The content-length field to write, or -1 for none.</param>
/// <param name="KeepAlive">Whether the connection persists after this response; <c>connection: close</c> is written
/// when it does not.</param>
/// <param name="AnnounceKeepAlive">Whether <c>connection: keep-alive</c> is written (a persistent HTTP/1.0 connection).</param>
internal readonly record struct Http1ResponseFraming(Http1ResponseBodyFraming Body, long ContentLengthHeader, bool KeepAlive, bool AnnounceKeepAlive)
{
    private static readonly Row[] Rows =
    [
        new(StatusClass.Informational, null, null, null, Http1ResponseBodyFraming.None, LengthHeader.None, Close: false),
        new(StatusClass.NoContent, null, null, null, Http1ResponseBodyFraming.None, LengthHeader.None, Close: false),
        new(StatusClass.NotModified, null, LengthSource.App, null, Http1ResponseBodyFraming.None, LengthHeader.App, Close: false),
        new(StatusClass.NotModified, null, null, null, Http1ResponseBodyFraming.None, LengthHeader.None, Close: false),
        new(StatusClass.Other, true, LengthSource.App, null, Http1ResponseBodyFraming.None, LengthHeader.App, Close: false),
        new(StatusClass.Other, true, LengthSource.Known, null, Http1ResponseBodyFraming.None, LengthHeader.Known, Close: false),
        new(StatusClass.Other, true, LengthSource.Unknown, null, Http1ResponseBodyFraming.None, LengthHeader.None, Close: false),
        new(StatusClass.Other, false, LengthSource.App, null, Http1ResponseBodyFraming.ContentLength, LengthHeader.App, Close: false),
        new(StatusClass.Other, false, LengthSource.Known, null, Http1ResponseBodyFraming.ContentLength, LengthHeader.Known, Close: false),
        new(StatusClass.Other, false, LengthSource.Unknown, Http1Version.Http11, Http1ResponseBodyFraming.Chunked, LengthHeader.None, Close: false),
        new(StatusClass.Other, false, LengthSource.Unknown, Http1Version.Http10, Http1ResponseBodyFraming.CloseDelimited, LengthHeader.None, Close: true),
    ];

    // The rows expanded into a dense table indexed [status class, HEAD, length source, version], built once.
    private static readonly Row[,,,] Table = Expand();

    private enum StatusClass
    {
        Informational,
        NoContent,
        NotModified,
        Other,
    }

    private enum LengthSource
    {
        App,
        Known,
        Unknown,
    }

    private enum LengthHeader
    {
        None,
        App,
        Known,
    }

    /// <summary>Whether a <c>transfer-encoding: chunked</c> field is written.</summary>
    public bool IsChunked => Body == Http1ResponseBodyFraming.Chunked;

    /// <summary>Whether body bytes are written at all.</summary>
    public bool HasBody => Body != Http1ResponseBodyFraming.None;

    /// <summary>Decides the framing of a final response (or an informational one, which has no body).</summary>
    /// <param name="isHeadRequest">The request method was HEAD.</param>
    /// <param name="status">The status code.</param>
    /// <param name="version">The request version.</param>
    /// <param name="appContentLength">The app's content-length (<see cref="Http1ResponseHeaderInfo.ContentLength"/>), or -1.</param>
    /// <param name="knownBodyLength">The whole body's length when the connection holds all of it at start, or -1.</param>
    /// <param name="trailers">The app will send trailers.</param>
    /// <param name="acceptsTrailers">The client sent <c>TE: trailers</c>.</param>
    /// <param name="requestKeepAlive">The request allows persistence (<see cref="Http1RequestHead.KeepAlive"/>).</param>
    /// <param name="forceClose">The server closes anyway (shutting down, an unread request body ...).</param>
    public static Http1ResponseFraming Decide(
        bool isHeadRequest,
        int status,
        Http1Version version,
        long appContentLength,
        long knownBodyLength,
        bool trailers,
        bool acceptsTrailers,
        bool requestKeepAlive,
        bool forceClose = false)
    {
        var statusClass = status switch
        {
            < 200 => StatusClass.Informational,
            204 => StatusClass.NoContent,
            304 => StatusClass.NotModified,
            _ => StatusClass.Other,
        };
        var chunkedForTrailers = trailers && acceptsTrailers && version == Http1Version.Http11;
        var source = chunkedForTrailers ? LengthSource.Unknown
            : appContentLength >= 0 ? LengthSource.App
            : knownBodyLength >= 0 ? LengthSource.Known
            : LengthSource.Unknown;
        var row = Table[(int)statusClass, isHeadRequest ? 1 : 0, (int)source, (int)version];
        var length = row.Header switch
        {
            LengthHeader.App => appContentLength,
            LengthHeader.Known => knownBodyLength,
            _ => -1,
        };
        var keepAlive = requestKeepAlive && !row.Close && !forceClose;
        return new Http1ResponseFraming(row.Body, length, keepAlive, keepAlive && version == Http1Version.Http10);
    }

    private static Row[,,,] Expand()
    {
        var table = new Row[4, 2, 3, 2];
        for (var s = 0; s < 4; s++)
        {
            for (var h = 0; h < 2; h++)
            {
                for (var l = 0; l < 3; l++)
                {
                    for (var v = 0; v < 2; v++)
                    {
                        table[s, h, l, v] = Array.Find(Rows, row => row.Matches((StatusClass)s, h == 1, (LengthSource)l, (Http1Version)v))
                            ?? throw new InvalidOperationException("The response framing table has a gap.");
                    }
                }
            }
        }

        return table;
    }

    private sealed record Row(
        StatusClass Status,
        bool? Head,
        LengthSource? Length,
        Http1Version? Version,
        Http1ResponseBodyFraming Body,
        LengthHeader Header,
        bool Close)
    {
        public bool Matches(StatusClass status, bool head, LengthSource length, Http1Version version) =>
            Status == status && (Head is null || Head == head) && (Length is null || Length == length) && (Version is null || Version == version);
    }
}