using System.IO.Compression;

namespace Gateway.Routing;

/// <summary>The per-response state of <see cref="CompressionMiddleware"/>: holds the start message until the first body
/// chunk tells whether compression pays, then compresses chunk by chunk.</summary>
internal sealed class CompressingSender : IDisposable
{
    private readonly Send _send;
    private readonly string _encoding;
    private readonly CompressionOptions _options;
    private HttpResponseStart? _pendingStart;
    private bool _passThrough;
    private MemoryStream? _sink;
    private Stream? _compressor;

    public CompressingSender(Send send, string encoding, CompressionOptions options)
    {
        _send = send;
        _encoding = encoding;
        _options = options;
    }

    public async ValueTask SendAsync(Message message, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case HttpResponseStart start when !_passThrough && _pendingStart is null && _compressor is null:
                if (ShouldSkip(start))
                {
                    _passThrough = true;
                    await _send(start, cancellationToken).ConfigureAwait(false);
                    return;
                }

                _pendingStart = start;
                return;
            case HttpResponseBody body when _pendingStart is { } start:
                _pendingStart = null;
                if (!body.MoreBody)
                {
                    await SendWholeAsync(start, body, cancellationToken).ConfigureAwait(false);
                    return;
                }

                await _send(new HttpResponseStart(start.Status, CompressedHeaders(start.Headers, null), start.Trailers), cancellationToken).ConfigureAwait(false);
                _sink = new MemoryStream();
                _compressor = CreateCompressor(_sink);
                await WriteChunkAsync(body, cancellationToken).ConfigureAwait(false);
                return;
            case HttpResponseBody body when _compressor is not null:
                await WriteChunkAsync(body, cancellationToken).ConfigureAwait(false);
                return;
            default:
                if (_pendingStart is { } held && message is not HttpResponseBody)
                {
                    // Trailers or anything else before a body: give up on compression, keep the order.
                    _pendingStart = null;
                    _passThrough = true;
                    await _send(held, cancellationToken).ConfigureAwait(false);
                }

                await _send(message, cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    public void Dispose()
    {
        _compressor?.Dispose();
        _sink?.Dispose();
    }

    private bool ShouldSkip(HttpResponseStart start)
    {
        // A 206 carries a byte range of the identity body (its content-range counts identity bytes), which an encoding
        // applied afterwards would make meaningless.
        if (start.Status is 204 or 206 or 304 || start.Headers.Contains("content-encoding") || start.Headers.Contains("content-range"))
        {
            return true;
        }

        var contentType = start.Headers.GetValue("content-type");
        if (contentType is null)
        {
            return false;
        }

        foreach (var excluded in _options.ExcludedContentTypes)
        {
            if (contentType.StartsWith(excluded, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private async ValueTask SendWholeAsync(HttpResponseStart start, HttpResponseBody body, CancellationToken cancellationToken)
    {
        if (body.Body.Length < _options.MinimumSize)
        {
            await _send(start, cancellationToken).ConfigureAwait(false);
            await _send(body, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var sink = new MemoryStream(body.Body.Length / 2 + 64);
        using (var compressor = CreateCompressor(sink))
        {
            compressor.Write(body.Body.Span);
        }

        await _send(new HttpResponseStart(start.Status, CompressedHeaders(start.Headers, sink.Length), start.Trailers), cancellationToken).ConfigureAwait(false);
        await _send(new HttpResponseBody(sink.GetBuffer().AsMemory(0, (int)sink.Length)), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask WriteChunkAsync(HttpResponseBody body, CancellationToken cancellationToken)
    {
        var compressor = _compressor!;
        var sink = _sink!;
        compressor.Write(body.Body.Span);
        if (body.MoreBody)
        {
            compressor.Flush();
        }
        else
        {
            compressor.Dispose();
            _compressor = null;
        }

        if (sink.Length > 0 || !body.MoreBody)
        {
            await _send(new HttpResponseBody(sink.GetBuffer().AsMemory(0, (int)sink.Length), body.MoreBody), cancellationToken).ConfigureAwait(false);
            sink.SetLength(0);
        }
    }

    private Stream CreateCompressor(Stream sink) => _encoding == "br"
        ? new BrotliStream(sink, _options.Level, leaveOpen: true)
        : new GZipStream(sink, _options.Level, leaveOpen: true);

    private Headers CompressedHeaders(Headers original, long? length)
    {
        var builder = original.ToBuilder();
        builder.Remove("content-length");
        // The compressed bytes are another representation: a strong entity tag would promise byte-identity with the
        // uncompressed one (RFC 9110 8.8.1), so it becomes weak (still matching If-None-Match, which compares weakly),
        // and ranges, which the app would count in identity bytes, are no longer advertised (nginx's gzip does both).
        if (original.GetValue("etag") is { } etag && !etag.StartsWith("W/", StringComparison.Ordinal))
        {
            builder.Remove("etag");
            builder.Add("etag", "W/" + etag);
        }

        builder.Remove("accept-ranges");
        builder.Add("content-encoding", _encoding);
        builder.Add("vary", "Accept-Encoding");
        if (length is { } value)
        {
            builder.Add("content-length", value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.Build();
    }
}