using System.Buffers;
using System.Runtime.CompilerServices;

namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// Decodes the chunked transfer coding (RFC 9112 §7.1) by slicing the input: chunk data is never copied. One instance
/// per connection; <see cref="Reset"/> per request. See <see cref="IHttp1BodyDecoder"/> for the calling sequence.
/// </summary>
/// <remarks>
/// <para>State machine (rules at a glance):</para>
/// <code>
///   state      input                                         → next
///   Size       1*16HEXDIG [chunk-ext] CRLF, size &gt; 0         → Data
///   Size       1*16HEXDIG [chunk-ext] CRLF, size = 0         → Trailers   (last-chunk)
///   Data       up to the chunk's remaining bytes (sliced)    → Data, or DataEnd once the chunk is read
///   DataEnd    CRLF                                          → Size
///   Trailers   field-line CRLF                               → Trailers   (validated like headers)
///   Trailers   CRLF                                          → Complete
///   Complete   (nothing: the reader stays on the next request)
/// </code>
/// <para>Strictness: a chunk size is hex digits only (no sign, "0x", whitespace), at most 16 of them and at most
/// <see cref="long.MaxValue"/> → else 400. chunk-ext = *( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] ),
/// at most <see cref="Http1ParserLimits.MaxChunkExtensionSize"/> bytes per line and
/// <see cref="Http1ParserLimits.MaxChunkExtensionTotalSize"/> per body; their content is ignored. Every line ends with
/// CRLF and chunk data is followed by exactly CRLF. The trailer section obeys the header rules and its own size and
/// count limits (431).</para>
/// <para>After a piece of data the decoder reads ahead through whatever framing is already buffered (the CRLF, the next
/// size line, the last chunk and trailers), so <see cref="IsComplete"/> is already true when the last data is returned
/// if the end of the body has arrived with it.</para>
/// </remarks>
internal sealed class Http1ChunkedDecoder : IHttp1BodyDecoder
{
    private const int MaxChunkSizeDigits = 16;
    private const int StackLineLimit = 256;

    private readonly Http1ParserLimits _limits;
    private readonly int _maxSizeLineLength;
    private State _state;
    private long _chunkRemaining;
    private int _extensionBytes;
    private int _trailerBytes;
    private int _trailerCount;
    private HeadersBuilder? _trailers;

    public Http1ChunkedDecoder(Http1ParserLimits? limits = null)
    {
        _limits = limits ?? Http1ParserLimits.Default;
        _maxSizeLineLength = MaxChunkSizeDigits + _limits.MaxChunkExtensionSize + 2;
    }

    private enum State
    {
        Size,
        Data,
        DataEnd,
        Trailers,
        Complete,
    }

    /// <inheritdoc />
    public bool IsComplete => _state == State.Complete;

    /// <inheritdoc />
    public long DecodedBytes { get; private set; }

    /// <summary>Starts a new body.</summary>
    /// <param name="trailers">Receives the trailer fields (names lower-cased); <see langword="null"/> validates and
    /// discards them.</param>
    public void Reset(HeadersBuilder? trailers = null)
    {
        _state = State.Size;
        _chunkRemaining = 0;
        _extensionBytes = 0;
        _trailerBytes = 0;
        _trailerCount = 0;
        _trailers = trailers;
        DecodedBytes = 0;
    }

    /// <inheritdoc />
    public bool TryRead(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> data)
    {
        var produced = Read(ref reader, currentSegmentOnly: false, out var start, out var length);
        data = length == 0 ? default : reader.Sequence.Slice(start, length);
        return produced;
    }

    /// <inheritdoc />
    public bool TryReadSegment(ref SequenceReader<byte> reader, out ReadOnlyMemory<byte> data)
    {
        var produced = Read(ref reader, currentSegmentOnly: true, out var start, out var length);
        data = length == 0 ? default : reader.Sequence.Slice(start, length).First;
        return produced;
    }

    private bool Read(ref SequenceReader<byte> reader, bool currentSegmentOnly, out SequencePosition start, out long length)
    {
        start = default;
        length = 0;
        while (true)
        {
            switch (_state)
            {
                case State.Size:
                    if (!TryReadLine(ref reader, isTrailer: false))
                    {
                        return length > 0;
                    }

                    break;
                case State.Data:
                    if (length > 0)
                    {
                        // One chunk's data per call; the next call slices the next chunk.
                        return true;
                    }

                    var available = Math.Min(_chunkRemaining, currentSegmentOnly ? reader.UnreadSpan.Length : reader.Remaining);
                    if (available == 0)
                    {
                        return false;
                    }

                    start = reader.Position;
                    length = available;
                    reader.Advance(available);
                    _chunkRemaining -= available;
                    DecodedBytes += available;
                    if (_chunkRemaining > 0)
                    {
                        return true;
                    }

                    _state = State.DataEnd;
                    break;
                case State.DataEnd:
                    if (!TryReadDataEnd(ref reader))
                    {
                        return length > 0;
                    }

                    break;
                case State.Trailers:
                    if (!TryReadLine(ref reader, isTrailer: true))
                    {
                        return length > 0;
                    }

                    break;
                default:
                    return true;
            }
        }
    }

    private bool TryReadDataEnd(ref SequenceReader<byte> reader)
    {
        if (!reader.TryPeek(out var first))
        {
            return false;
        }

        if (first != Http1Bytes.CR)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidChunkTerminator);
        }

        if (!reader.TryPeek(1, out var second))
        {
            return false;
        }

        if (second != Http1Bytes.LF)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidChunkTerminator);
        }

        reader.Advance(2);
        _state = State.Size;
        return true;
    }

    // Reads one size line or trailer line ending in LF; the fast path works on the current span, a line crossing
    // segments is copied (bounded by the limits).
    private bool TryReadLine(ref SequenceReader<byte> reader, bool isTrailer)
    {
        var span = reader.UnreadSpan;
        var lf = span.IndexOf(Http1Bytes.LF);
        if (lf >= 0)
        {
            ProcessLine(span[..(lf + 1)], isTrailer);
            reader.Advance(lf + 1);
            return true;
        }

        if (reader.Remaining > span.Length)
        {
            var start = reader.Position;
            if (reader.TryAdvanceTo(Http1Bytes.LF, advancePastDelimiter: true))
            {
                var line = reader.Sequence.Slice(start, reader.Position);
                if (IsTooLong(line.Length, isTrailer))
                {
                    ThrowTooLong(isTrailer, line);
                }

                var length = (int)line.Length;
                byte[]? rented = null;
                var buffer = length <= StackLineLimit ? stackalloc byte[StackLineLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
                try
                {
                    line.CopyTo(buffer);
                    ProcessLine(buffer[..length], isTrailer);
                }
                finally
                {
                    if (rented is not null)
                    {
                        ArrayPool<byte>.Shared.Return(rented);
                    }
                }

                return true;
            }
        }

        // No LF yet: the unfinished line will be at least one byte longer than what is buffered.
        if (IsTooLong(reader.Remaining + 1, isTrailer))
        {
            ThrowTooLong(isTrailer, reader.UnreadSequence);
        }

        return false;
    }

    private void ProcessLine(ReadOnlySpan<byte> lineWithLf, bool isTrailer)
    {
        if (IsTooLong(lineWithLf.Length, isTrailer))
        {
            ThrowTooLong(isTrailer, new ReadOnlySequence<byte>(lineWithLf.ToArray()));
        }

        if (lineWithLf.Length < 2 || lineWithLf[^2] != Http1Bytes.CR)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.BareLineFeed);
        }

        var content = lineWithLf[..^2];
        if (isTrailer)
        {
            ProcessTrailerLine(content);
        }
        else
        {
            ProcessSizeLine(content);
        }
    }

    // The size checks are the same for a complete line and an unfinished one, so that a body is judged the same however
    // it was split.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsTooLong(long lineLength, bool isTrailer) =>
        isTrailer ? _trailerBytes + lineLength > _limits.MaxTrailersTotalSize : lineLength > _maxSizeLineLength;

    /// <summary>A trailer section over its limit is 431; a size line over its limit is an invalid size when its first
    /// 17 bytes are all hex digits (too many digits), else an extension too long.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTooLong(bool isTrailer, ReadOnlySequence<byte> line)
    {
        if (isTrailer)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.TrailersTooLarge);
        }

        Span<byte> head = stackalloc byte[MaxChunkSizeDigits + 1];
        line.Slice(0, head.Length).CopyTo(head);
        Http1ThrowHelper.ThrowBadRequest(
            head.ContainsAnyExcept(Http1Bytes.HexDigit) ? Http1RejectionReason.ChunkExtensionTooLong : Http1RejectionReason.InvalidChunkSize);
    }

    private void ProcessSizeLine(ReadOnlySpan<byte> line)
    {
        var digits = line.IndexOfAnyExcept(Http1Bytes.HexDigit);
        if (digits < 0)
        {
            digits = line.Length;
        }

        if (digits == 0 || digits > MaxChunkSizeDigits)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidChunkSize, line);
        }

        ulong size = 0;
        foreach (var digit in line[..digits])
        {
            size = (size << 4) | (uint)Http1Bytes.HexValue(digit);
        }

        if (size > long.MaxValue)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidChunkSize);
        }

        var extension = line[digits..];
        if (!extension.IsEmpty)
        {
            ValidateExtension(extension);
        }

        _chunkRemaining = (long)size;
        _state = size == 0 ? State.Trailers : State.Data;
    }

    private void ValidateExtension(ReadOnlySpan<byte> extension)
    {
        // What follows the digits must be BWS then ";": "5 " or "5x" are bad sizes, not bad extensions.
        var firstNonSpace = extension.IndexOfAnyExcept(Http1Bytes.SP, Http1Bytes.HTab);
        if (firstNonSpace < 0 || extension[firstNonSpace] != Http1Bytes.Semicolon)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidChunkSize, extension);
        }

        _extensionBytes += extension.Length;
        if (extension.Length > _limits.MaxChunkExtensionSize || _extensionBytes > _limits.MaxChunkExtensionTotalSize)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.ChunkExtensionTooLong);
        }

        if (!Http1ChunkExtension.IsValid(extension))
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidChunkExtension, extension);
        }
    }

    private void ProcessTrailerLine(ReadOnlySpan<byte> line)
    {
        _trailerBytes += line.Length + 2;
        if (line.IsEmpty)
        {
            _state = State.Complete;
            return;
        }

        if (++_trailerCount > _limits.MaxTrailerCount)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.TrailersTooLarge);
        }

        Http1FieldLine.Parse(line, out var name, out var value);
        _trailers?.AddWithoutValidation(name, value);
    }
}