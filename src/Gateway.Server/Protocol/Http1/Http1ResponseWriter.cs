using System.Buffers;

namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// Writes HTTP/1.1 responses into an <see cref="IBufferWriter{T}"/> through an <see cref="Http1BufferWriter{TOutput}"/>:
/// heads, informational responses, chunk framing and rejections. Sans-I/O: the connection flushes.
/// </summary>
/// <remarks>
/// <para>Sequence for one response:</para>
/// <code>
/// var info = Http1ResponseHeaderInfo.Inspect(start.Headers);            // throws on an app bug, before any write
/// var framing = Http1ResponseFraming.Decide(head.IsHeadMethod, start.Status, head.Version, info.ContentLength,
///                                           knownBodyLength, start.Trailers, head.AcceptsTrailers, head.KeepAlive);
/// var writer = new Http1BufferWriter&lt;PipeWriter&gt;(output);
/// Http1ResponseWriter.WriteHead(ref writer, start.Status, start.Headers, info, framing, Http1DateHeader.Shared, "Gateway"u8);
/// // body, per framing.Body: ContentLength/CloseDelimited → writer.Write(data);
/// //                         Chunked → WriteChunk(ref writer, data) ... WriteLastChunk(ref writer, trailers);
/// //                         None → nothing
/// writer.Commit(); await output.FlushAsync();
/// </code>
/// <para>Fields the app sets are written in its order with its (lower-case) names, except the hop-by-hop ones
/// (connection, keep-alive, proxy-connection, transfer-encoding, upgrade, te, trailer), which are dropped, and
/// content-length, which the server writes itself where the framing allows. Then come date and server (unless the
/// app set them), the framing field, and <c>connection: close</c> when the connection will close or
/// <c>connection: keep-alive</c> when an HTTP/1.0 connection persists (RFC 9112 §9.3).</para>
/// </remarks>
internal static class Http1ResponseWriter
{
    private static ReadOnlySpan<byte> CrLf => "\r\n"u8;

    private static ReadOnlySpan<byte> NameSeparator => ": "u8;

    /// <summary>Writes a final response's status line and fields, through the empty line.</summary>
    /// <param name="writer">The output.</param>
    /// <param name="status">The status code (100-599).</param>
    /// <param name="headers">The app's fields.</param>
    /// <param name="info">What <see cref="Http1ResponseHeaderInfo.Inspect"/> found in <paramref name="headers"/>.</param>
    /// <param name="framing">What <see cref="Http1ResponseFraming.Decide"/> chose.</param>
    /// <param name="date">The date source, or <see langword="null"/> for no date field.</param>
    /// <param name="server">The server field's value, or empty for none.</param>
    public static void WriteHead<TOutput>(
        ref Http1BufferWriter<TOutput> writer,
        int status,
        Headers headers,
        in Http1ResponseHeaderInfo info,
        in Http1ResponseFraming framing,
        Http1DateHeader? date,
        ReadOnlySpan<byte> server)
        where TOutput : IBufferWriter<byte>
    {
        ArgumentNullException.ThrowIfNull(headers);
        writer.Write(Http1StatusLines.Get(status));
        WriteAppHeaders(ref writer, headers);
        if (date is not null && !info.HasDate)
        {
            writer.Write(date.GetLine().Span);
        }

        if (!server.IsEmpty && !info.HasServer)
        {
            writer.Write("server: "u8);
            writer.Write(server);
            writer.Write(CrLf);
        }

        if (framing.ContentLengthHeader >= 0)
        {
            writer.Write("content-length: "u8);
            writer.WriteDecimal(framing.ContentLengthHeader);
            writer.Write(CrLf);
        }
        else if (framing.IsChunked)
        {
            writer.Write("transfer-encoding: chunked\r\n"u8);
        }

        if (!framing.KeepAlive)
        {
            writer.Write("connection: close\r\n"u8);
        }
        else if (framing.AnnounceKeepAlive)
        {
            writer.Write("connection: keep-alive\r\n"u8);
        }

        writer.Write(CrLf);
    }

    /// <summary>Writes <c>HTTP/1.1 100 Continue</c> (answering <c>Expect: 100-continue</c> before reading the body).</summary>
    public static void WriteContinue<TOutput>(ref Http1BufferWriter<TOutput> writer)
        where TOutput : IBufferWriter<byte> => writer.Write("HTTP/1.1 100 Continue\r\n\r\n"u8);

    /// <summary>Writes a <c>103 Early Hints</c> response (RFC 8297) with the app's fields (hop-by-hop ones dropped).</summary>
    /// <exception cref="InvalidOperationException">A field is invalid (an app bug).</exception>
    public static void WriteEarlyHints<TOutput>(ref Http1BufferWriter<TOutput> writer, Headers headers)
        where TOutput : IBufferWriter<byte>
    {
        ArgumentNullException.ThrowIfNull(headers);
        ValidateAll(headers);
        writer.Write(Http1StatusLines.Get(103));
        WriteAppHeaders(ref writer, headers);
        writer.Write(CrLf);
    }

    /// <summary>Writes a <c>101 Switching Protocols</c> head for an accepted upgrade: <c>connection: upgrade</c>, the
    /// <c>upgrade</c> field, then the handshake's own fields (hop-by-hop ones dropped), e.g. <c>sec-websocket-accept</c>.</summary>
    /// <param name="writer">The output.</param>
    /// <param name="protocol">The protocol switched to, e.g. <c>websocket</c> (a token, not validated here).</param>
    /// <param name="headers">The handshake's fields.</param>
    /// <exception cref="InvalidOperationException">A field is invalid (an app bug).</exception>
    public static void WriteSwitchingProtocols<TOutput>(ref Http1BufferWriter<TOutput> writer, ReadOnlySpan<byte> protocol, Headers headers)
        where TOutput : IBufferWriter<byte>
    {
        ArgumentNullException.ThrowIfNull(headers);
        ValidateAll(headers);
        writer.Write(Http1StatusLines.Get(101));
        writer.Write("connection: upgrade\r\nupgrade: "u8);
        writer.Write(protocol);
        writer.Write(CrLf);
        WriteAppHeaders(ref writer, headers);
        writer.Write(CrLf);
    }

    /// <summary>Writes a chunk-size line: the length in hex and CRLF. <paramref name="length"/> must be positive: a
    /// zero-length chunk is the last chunk.</summary>
    public static void WriteChunkPrefix<TOutput>(ref Http1BufferWriter<TOutput> writer, long length)
        where TOutput : IBufferWriter<byte>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        writer.WriteHex(length);
        writer.Write(CrLf);
    }

    /// <summary>Writes the CRLF that ends chunk data.</summary>
    public static void WriteChunkSuffix<TOutput>(ref Http1BufferWriter<TOutput> writer)
        where TOutput : IBufferWriter<byte> => writer.Write(CrLf);

    /// <summary>Writes one whole chunk; nothing for empty data (an empty chunk would end the body).</summary>
    public static void WriteChunk<TOutput>(ref Http1BufferWriter<TOutput> writer, ReadOnlySpan<byte> data)
        where TOutput : IBufferWriter<byte>
    {
        if (data.IsEmpty)
        {
            return;
        }

        WriteChunkPrefix(ref writer, data.Length);
        writer.Write(data);
        writer.Write(CrLf);
    }

    /// <summary>Writes the last chunk, the trailer fields if any (hop-by-hop ones and content-length dropped), and the
    /// final CRLF.</summary>
    /// <exception cref="InvalidOperationException">A trailer field is invalid (an app bug).</exception>
    public static void WriteLastChunk<TOutput>(ref Http1BufferWriter<TOutput> writer, Headers? trailers = null)
        where TOutput : IBufferWriter<byte>
    {
        if (trailers is null || trailers.Count == 0)
        {
            writer.Write("0\r\n\r\n"u8);
            return;
        }

        ValidateAll(trailers);
        writer.Write("0\r\n"u8);
        WriteAppHeaders(ref writer, trailers);
        writer.Write(CrLf);
    }

    /// <summary>Writes a complete response refusing a request: status line, a plain-text body naming the reason, and
    /// <c>connection: close</c> (the connection closes after it).</summary>
    public static void WriteRejection<TOutput>(ref Http1BufferWriter<TOutput> writer, Http1RejectionReason reason, Http1DateHeader? date = null)
        where TOutput : IBufferWriter<byte>
    {
        WriteTextResponse(ref writer, Http1Rejections.StatusCode(reason), Http1Rejections.Text(reason), date);
    }

    /// <summary>Writes a complete response of the server's own: status line, <paramref name="text"/> as a plain-text body,
    /// and <c>connection: close</c> (the connection closes after it). Rejections and the connection limit's 503 use it.</summary>
    public static void WriteTextResponse<TOutput>(ref Http1BufferWriter<TOutput> writer, int status, ReadOnlySpan<byte> text, Http1DateHeader? date = null)
        where TOutput : IBufferWriter<byte>
    {
        writer.Write(Http1StatusLines.Get(status));
        writer.Write("content-type: text/plain; charset=utf-8\r\ncontent-length: "u8);
        writer.WriteDecimal(text.Length);
        writer.Write("\r\nconnection: close\r\n"u8);
        if (date is not null)
        {
            writer.Write(date.GetLine().Span);
        }

        writer.Write(CrLf);
        writer.Write(text);
    }

    private static void WriteAppHeaders<TOutput>(ref Http1BufferWriter<TOutput> writer, Headers headers)
        where TOutput : IBufferWriter<byte>
    {
        foreach (var header in headers)
        {
            var name = header.Name.Span;
            var kind = Http1ResponseHeaderInfo.Classify(name);
            if (kind is Http1ResponseHeaderKind.HopByHop or Http1ResponseHeaderKind.ContentLength)
            {
                continue;
            }

            writer.Write(name);
            writer.Write(NameSeparator);
            writer.Write(header.Value.Span);
            writer.Write(CrLf);
        }
    }

    private static void ValidateAll(Headers headers)
    {
        foreach (var header in headers)
        {
            Http1ResponseHeaderInfo.Validate(header.Name.Span, header.Value.Span);
        }
    }
}