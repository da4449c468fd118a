namespace Gateway.Routing;

/// <summary>
/// A body sent as it is produced, from an <see cref="IAsyncEnumerable{T}"/> of chunks or from a <see cref="Stream"/>,
/// without <c>content-length</c> (the server frames it, chunked on HTTP/1.1). Each chunk goes out as it arrives, so
/// memory stays at one chunk (one buffer for a stream).
/// </summary>
public sealed class StreamingResponse : Response
{
    private readonly IAsyncEnumerable<ReadOnlyMemory<byte>>? _chunks;
    private readonly Stream? _stream;
    private readonly int _bufferSize;

    /// <summary>Creates the response from chunks.</summary>
    /// <param name="chunks">The chunks; each may be reused by the producer once the next is requested.</param>
    /// <param name="contentType">The content type, or null.</param>
    /// <param name="status">The status.</param>
    /// <param name="headers">Extra headers, or null.</param>
    public StreamingResponse(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, string? contentType = "application/octet-stream", int status = 200, IReadOnlyList<Header>? headers = null)
        : base(status, headers)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        _chunks = chunks;
        ContentType = contentType;
    }

    private StreamingResponse(Stream stream, string? contentType, int status, IReadOnlyList<Header>? headers, int bufferSize)
        : base(status, headers)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        _stream = stream;
        _bufferSize = bufferSize;
        ContentType = contentType;
    }

    /// <summary>Creates the response from a stream, which the response disposes when done.</summary>
    /// <param name="stream">The readable stream.</param>
    /// <param name="contentType">The content type, or null.</param>
    /// <param name="status">The status.</param>
    /// <param name="headers">Extra headers, or null.</param>
    /// <param name="bufferSize">The size of the one copy buffer (pooled).</param>
    /// <returns>The response.</returns>
    public static StreamingResponse FromStream(Stream stream, string? contentType = "application/octet-stream", int status = 200, IReadOnlyList<Header>? headers = null, int bufferSize = 64 * 1024) =>
        new(stream, contentType, status, headers, bufferSize);

    /// <summary>The content type, or null.</summary>
    public string? ContentType { get; }

    /// <inheritdoc />
    public override async ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(send);
        var cancellation = scope.Aborted;
        await send(new HttpResponseStart(Status, BuildHeaders(ContentType, null)), cancellation).ConfigureAwait(false);
        if (_chunks is not null)
        {
            await foreach (var chunk in _chunks.WithCancellation(cancellation).ConfigureAwait(false))
            {
                if (!chunk.IsEmpty)
                {
                    await send(new HttpResponseBody(chunk, moreBody: true), cancellation).ConfigureAwait(false);
                }
            }
        }
        else
        {
            var stream = _stream!;
            await using (stream.ConfigureAwait(false))
            {
                var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(_bufferSize);
                try
                {
                    int read;
                    while ((read = await stream.ReadAsync(buffer.AsMemory(0, _bufferSize), cancellation).ConfigureAwait(false)) > 0)
                    {
                        await send(new HttpResponseBody(buffer.AsMemory(0, read), moreBody: true), cancellation).ConfigureAwait(false);
                    }
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }

        await send(HttpResponseBody.Empty, cancellation).ConfigureAwait(false);
    }
}