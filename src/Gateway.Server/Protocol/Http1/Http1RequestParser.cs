using System.Buffers;
using System.Runtime.CompilerServices;

namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// Parses HTTP/1.1 request heads (RFC 9112 §2-§5) incrementally, sans-I/O: bytes in, a validated
/// <see cref="Http1RequestHead"/> and header fields out. One instance per connection; not thread-safe.
/// </summary>
/// <remarks>
/// <para>Calling sequence (the connection owns the pipe):</para>
/// <code>
/// parser.Reset(); headers.Clear();
/// while (true)
/// {
///     var result = await input.ReadAsync();
///     var reader = new SequenceReader&lt;byte&gt;(result.Buffer);
///     var done = false;
///     try { done = parser.TryParseHead(ref reader, headers); }
///     finally { input.AdvanceTo(reader.Position, done ? reader.Position : result.Buffer.End); }
///     if (done) break;                 // parser.Head is ready; reader.Position is the first body byte
///     if (result.IsCompleted) ...      // the client closed mid-head
/// }
/// </code>
/// <para><see cref="TryParseHead(ref SequenceReader{byte}, HeadersBuilder)"/> consumes every complete line it
/// processed and nothing of an incomplete one, so the caller advances to <c>reader.Position</c> and marks the rest
/// examined. It returns <see langword="false"/> when it needs more bytes (not an error) and throws
/// <see cref="Http1BadRequestException"/> when the request must be refused; the connection then answers
/// <see cref="Http1BadRequestException.StatusCode"/> and closes.</para>
/// <para>State machine (rules at a glance):</para>
/// <code>
///   state        line                      → action                                  next
///   RequestLine  CRLF (at most N)          → ignored (RFC 9112 §2.2)                 RequestLine
///   RequestLine  method SP target SP ver   → request line checks                     Headers
///   Headers      field-line                → field checks, semantics, sink.OnHeader  Headers
///   Headers      CRLF                      → whole-head checks, framing tables       Complete
///   Complete     (any)                     → InvalidOperationException: call Reset   -
///   any          LF without CR, CR without LF                                   → 400
///   any          unterminated line past a limit (line, section bytes, field count) → 414/431
/// </code>
/// <para>What is copied out of the input (nothing of <see cref="Head"/> points into it once the call returns):</para>
/// <list type="bullet">
/// <item>the request target: one new array holding its raw bytes, which <see cref="Http1RequestHead.RawTarget"/>,
/// <c>RawPath</c>, <c>Query</c> and (absolute form) <c>Authority</c> slice, plus the decoded <c>Path</c> string;</item>
/// <item>the Host value: one new array (<see cref="Http1RequestHead.Authority"/> in origin form);</item>
/// <item>an extension method's name: one string (standard methods are interned constants);</item>
/// <item>each field's name and value, into the caller's <see cref="HeadersBuilder"/> (its buffers are reused after
/// <see cref="HeadersBuilder.Clear"/>; <see cref="HeadersBuilder.Build"/> makes the immutable copy).</item>
/// </list>
/// <para>These copies are cached per connection and never written again, so when the next request's target, Host or
/// extension method is byte-for-byte the previous one's, the same array or string is handed out again (Kestrel does the
/// same for the target). A keep-alive client repeating a request therefore costs no allocation in the parser. Lines
/// that cross segments are copied to the stack or a pooled buffer for the time of the call only.</para>
/// </remarks>
internal sealed partial class Http1RequestParser
{
    // Lines that cross segments are copied to the stack up to this size, to a pooled array above it.
    private const int StackLineLimit = 512;

    private readonly Http1ParserLimits _limits;
    private readonly Http1RequestHead _head = new();
    private State _state;
    private int _leadingEmptyLines;
    private int _headerBytes;
    private int _headerCount;

    private Http1RequestTarget? _cachedTarget;
    private byte[]? _cachedHost;
    private byte[]? _cachedMethodBytes;
    private string? _cachedMethod;

    public Http1RequestParser(Http1ParserLimits? limits = null)
    {
        _limits = limits ?? Http1ParserLimits.Default;
    }

    private enum State
    {
        RequestLine,
        Headers,
        Complete,
    }

    /// <summary>The head being parsed; complete once <c>TryParseHead</c> returned <see langword="true"/>, valid until
    /// <see cref="Reset"/>.</summary>
    public Http1RequestHead Head => _head;

    /// <summary>Whether the request line has been parsed (the head is still incomplete until the empty line). A
    /// connection may use it to tell an idle keep-alive connection from a slow request.</summary>
    public bool HasRequestLine => _state != State.RequestLine;

    /// <summary>Prepares for the next request on the connection (keeps the per-connection caches).</summary>
    public void Reset()
    {
        _state = State.RequestLine;
        _leadingEmptyLines = 0;
        _headerBytes = 0;
        _headerCount = 0;
        _head.Reset();
    }

    /// <summary>Parses as much of the head as <paramref name="reader"/> holds, adding fields to <paramref name="headers"/>.</summary>
    /// <param name="reader">The unconsumed input; advanced past every complete line processed.</param>
    /// <param name="headers">Receives the fields (names lower-cased by the builder); pass the same builder until the
    /// head is complete.</param>
    /// <returns><see langword="true"/> when the head is complete (see <see cref="Head"/>); <see langword="false"/> when
    /// more input is needed.</returns>
    /// <exception cref="Http1BadRequestException">The request must be refused.</exception>
    public bool TryParseHead(ref SequenceReader<byte> reader, HeadersBuilder headers)
    {
        var sink = new Http1HeadersBuilderSink(headers);
        return TryParseHead(ref reader, ref sink);
    }

    /// <summary>Parses as much of the head as <paramref name="reader"/> holds, handing each field to <paramref name="sink"/>.</summary>
    /// <typeparam name="TSink">A struct, so the call specialises and inlines.</typeparam>
    /// <param name="reader">The unconsumed input; advanced past every complete line processed.</param>
    /// <param name="sink">Receives the validated fields.</param>
    /// <returns><see langword="true"/> when the head is complete; <see langword="false"/> when more input is needed.</returns>
    /// <exception cref="Http1BadRequestException">The request must be refused.</exception>
    public bool TryParseHead<TSink>(ref SequenceReader<byte> reader, ref TSink sink)
        where TSink : IHttp1HeaderSink
    {
        if (_state == State.RequestLine && !TryParseRequestLine(ref reader))
        {
            return false;
        }

        if (_state == State.Headers)
        {
            return TryParseHeaders(ref reader, ref sink);
        }

        Http1ThrowHelper.ThrowInvalidOperation("The request head is already complete: call Reset() before parsing the next request.");
        return false;
    }

    private bool TryParseRequestLine(ref SequenceReader<byte> reader)
    {
        while (true)
        {
            var span = reader.UnreadSpan;
            var lf = span.IndexOf(Http1Bytes.LF);
            if (lf >= 0)
            {
                var isRequestLine = ProcessRequestLine(span[..(lf + 1)]);
                reader.Advance(lf + 1);
                if (isRequestLine)
                {
                    return true;
                }

                continue;
            }

            if (reader.Remaining > span.Length)
            {
                // The line may cross segments.
                if (TryProcessMultiSegmentRequestLine(ref reader, out var isRequestLine))
                {
                    if (isRequestLine)
                    {
                        return true;
                    }

                    continue;
                }
            }

            // No LF yet: the line, once complete, will be at least one byte longer than what is here.
            if (reader.Remaining >= _limits.MaxRequestLineSize)
            {
                ThrowRequestLineTooLong(reader.UnreadSequence, _limits.MaxRequestLineSize);
            }

            return false;
        }
    }

    private bool TryParseHeaders<TSink>(ref SequenceReader<byte> reader, ref TSink sink)
        where TSink : IHttp1HeaderSink
    {
        while (true)
        {
            var span = reader.UnreadSpan;
            var lf = span.IndexOf(Http1Bytes.LF);
            if (lf >= 0)
            {
                var done = ProcessHeaderLine(span[..(lf + 1)], ref sink);
                reader.Advance(lf + 1);
                if (done)
                {
                    return true;
                }

                continue;
            }

            if (reader.Remaining > span.Length && TryProcessMultiSegmentHeaderLine(ref reader, ref sink, out var complete))
            {
                if (complete)
                {
                    return true;
                }

                continue;
            }

            // No LF yet: the bytes of the unfinished line count already, so a client cannot make us buffer without bound.
            if (_headerBytes + reader.Remaining >= _limits.MaxRequestHeadersTotalSize)
            {
                Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.HeadersTooLarge);
            }

            return false;
        }
    }

    /// <summary>Handles one line ending in LF before the headers.</summary>
    /// <returns>Whether it was the request line (otherwise an ignored empty line).</returns>
    private bool ProcessRequestLine(ReadOnlySpan<byte> lineWithLf)
    {
        if (lineWithLf.Length > _limits.MaxRequestLineSize)
        {
            ThrowRequestLineTooLong(lineWithLf, _limits.MaxRequestLineSize);
        }

        var content = StripCrLf(lineWithLf);
        if (content.IsEmpty)
        {
            if (++_leadingEmptyLines > _limits.MaxLeadingEmptyLines)
            {
                Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.TooManyLeadingEmptyLines);
            }

            return false;
        }

        ParseRequestLine(content);
        _state = State.Headers;
        return true;
    }

    /// <summary>Handles one line ending in LF in the header section.</summary>
    /// <returns>Whether it was the empty line ending the head.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool ProcessHeaderLine<TSink>(ReadOnlySpan<byte> lineWithLf, ref TSink sink)
        where TSink : IHttp1HeaderSink
    {
        // The size limit comes first so that a line is judged the same whether it arrived whole or trickled in.
        _headerBytes += lineWithLf.Length;
        if (_headerBytes > _limits.MaxRequestHeadersTotalSize)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.HeadersTooLarge);
        }

        var content = StripCrLf(lineWithLf);
        if (content.IsEmpty)
        {
            _head.SetHeaderCount(_headerCount);
            _head.Complete();
            _state = State.Complete;
            return true;
        }

        if (++_headerCount > _limits.MaxRequestHeaderCount)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.TooManyHeaders);
        }

        Http1FieldLine.Parse(content, out var name, out var value);
        var known = Http1KnownHeaders.Classify(name);
        if (known != Http1KnownHeader.Other)
        {
            OnKnownHeader(known, value);
        }

        sink.OnHeader(name, value);
        return false;
    }

    private void OnKnownHeader(Http1KnownHeader known, ReadOnlySpan<byte> value)
    {
        _head.OnKnownHeader(known, value);
        if (known == Http1KnownHeader.Host)
        {
            if (_cachedHost is null || !value.SequenceEqual(_cachedHost))
            {
                _cachedHost = value.ToArray();
            }

            _head.SetHost(_cachedHost);
        }
    }

    /// <summary>Checks the CRLF ending of a line and returns what precedes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> StripCrLf(ReadOnlySpan<byte> lineWithLf)
    {
        if (lineWithLf.Length < 2 || lineWithLf[^2] != Http1Bytes.CR)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.BareLineFeed);
        }

        return lineWithLf[..^2];
    }

    // Slow path: the next line starts in this segment and ends in a later one. It is copied (bounded by the limits)
    // and processed like a single-span line.
    private bool TryProcessMultiSegmentRequestLine(ref SequenceReader<byte> reader, out bool isRequestLine)
    {
        isRequestLine = false;
        var start = reader.Position;
        if (!reader.TryAdvanceTo(Http1Bytes.LF, advancePastDelimiter: true))
        {
            return false;
        }

        var line = reader.Sequence.Slice(start, reader.Position);
        if (line.Length > _limits.MaxRequestLineSize)
        {
            ThrowRequestLineTooLong(line, _limits.MaxRequestLineSize);
        }

        var length = (int)line.Length;
        byte[]? rented = null;
        var buffer = length <= StackLineLimit ? stackalloc byte[StackLineLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            line.CopyTo(buffer);
            isRequestLine = ProcessRequestLine(buffer[..length]);
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private bool TryProcessMultiSegmentHeaderLine<TSink>(ref SequenceReader<byte> reader, ref TSink sink, out bool complete)
        where TSink : IHttp1HeaderSink
    {
        complete = false;
        var start = reader.Position;
        if (!reader.TryAdvanceTo(Http1Bytes.LF, advancePastDelimiter: true))
        {
            return false;
        }

        var line = reader.Sequence.Slice(start, reader.Position);
        if (_headerBytes + line.Length > _limits.MaxRequestHeadersTotalSize)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.HeadersTooLarge);
        }

        var length = (int)line.Length;
        byte[]? rented = null;
        var buffer = length <= StackLineLimit ? stackalloc byte[StackLineLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            line.CopyTo(buffer);
            complete = ProcessHeaderLine(buffer[..length], ref sink);
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}