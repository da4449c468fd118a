using System.Buffers;

namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// Decodes a request body from the connection's input without copying, sans-I/O. The connection treats every framing
/// alike: <see cref="Http1ContentLengthDecoder"/> and <see cref="Http1ChunkedDecoder"/> implement this shape.
/// </summary>
/// <remarks>
/// <para>Calling sequence inside the connection's <c>receive</c> (the pipe stays the connection's):</para>
/// <code>
/// // first, release what the previous receive handed out: input.AdvanceTo(consumed);
/// while (true)
/// {
///     var result = await input.ReadAsync(ct);
///     var reader = new SequenceReader&lt;byte&gt;(result.Buffer);
///     var produced = false;
///     ReadOnlyMemory&lt;byte&gt; data = default;
///     try { produced = decoder.TryReadSegment(ref reader, out data); }
///     finally { if (!produced) input.AdvanceTo(reader.Position, result.Buffer.End); }   // framing consumed, need more
///     if (produced)
///     {
///         consumed = reader.Position;            // advance there on the next receive: data points into the buffer
///         if (decoder.DecodedBytes &gt; maxBodySize) → 413 and close;
///         return new HttpRequest(data, moreBody: !decoder.IsComplete);
///     }
///     if (result.IsCompleted) → the client closed mid-body (http.disconnect)
/// }
/// </code>
/// <para><c>data</c> is a slice of the input (never a copy) and stays valid until the caller advances the pipe past it.
/// <see langword="true"/> with empty data means the body just completed with nothing left to hand out (send
/// <c>more_body: false</c> with an empty body). When <see cref="IsComplete"/> turns true the reader stands on the first
/// byte after the body: a pipelined request, possibly, for the parser. <see cref="TryReadSegment"/>
/// stops at the end of the input's current segment, so a body arriving in several segments takes several calls.</para>
/// </remarks>
internal interface IHttp1BodyDecoder
{
    /// <summary>Whether the whole body, with its framing (last chunk, trailers), has been read.</summary>
    bool IsComplete { get; }

    /// <summary>How many body bytes (framing excluded) were handed out so far, to enforce a maximum body size.</summary>
    long DecodedBytes { get; }

    /// <summary>Reads the next piece of body.</summary>
    /// <param name="reader">The unconsumed input; advanced past the data returned and the framing read.</param>
    /// <param name="data">A slice of the input holding body bytes; empty when the call only completed the body.</param>
    /// <returns><see langword="true"/> when <paramref name="data"/> is not empty or the body is complete;
    /// <see langword="false"/> when more input is needed (whatever framing was available was consumed).</returns>
    /// <exception cref="Http1BadRequestException">The framing is invalid (400, or 431 for trailers too large).</exception>
    bool TryRead(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> data);

    /// <summary>Reads the next piece of body, no further than the end of the input's current segment, so the piece is
    /// one <see cref="ReadOnlyMemory{T}"/> (what an <c>http.request</c> message carries) without copying.</summary>
    /// <param name="reader">The unconsumed input; advanced past the data returned and the framing read.</param>
    /// <param name="data">A slice of the input's current segment; empty when the call only completed the body.</param>
    /// <returns>As for <see cref="TryRead"/>.</returns>
    /// <exception cref="Http1BadRequestException">The framing is invalid (400, or 431 for trailers too large).</exception>
    bool TryReadSegment(ref SequenceReader<byte> reader, out ReadOnlyMemory<byte> data);
}