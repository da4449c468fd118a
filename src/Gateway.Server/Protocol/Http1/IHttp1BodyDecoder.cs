using System.Buffers;

namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// Decodes a request body from the connection's input without copying, sans-I/O. The connection treats every framing
/// alike: <see cref="Http1ContentLengthDecoder"/> and <see cref="Http1ChunkedDecoder"/> implement this shape.
/// </summary>
/// <remarks>
/// <code>
/// // once per ReadAsync result:
/// var reader = new SequenceReader&lt;byte&gt;(result.Buffer);
/// while (decoder.TryRead(ref reader, out var data))
/// {
///     if (!data.IsEmpty) deliver(data, moreBody: !decoder.IsComplete);   // valid until AdvanceTo past it
///     else if (decoder.IsComplete) deliver(empty, moreBody: false);
///     if (decoder.DecodedBytes &gt; maxBodySize) reject 413;
///     if (decoder.IsComplete) break;
/// }
/// input.AdvanceTo(reader.Position, decoder.IsComplete || !data.IsEmpty ? reader.Position : result.Buffer.End);
/// if (!decoder.IsComplete &amp;&amp; result.IsCompleted) → the client closed mid-body
/// </code>
/// <para><c>data</c> is a slice of the input (never a copy) and stays valid until the caller advances the pipe past it,
/// so a <c>receive</c> can hand it to the app and advance on the next call. When <see cref="IsComplete"/> turns true
/// the reader stands on the first byte after the body (a pipelined request, possibly).</para>
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
}
