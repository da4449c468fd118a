using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Unicode;

namespace Gateway.Server.Protocol.WebSockets;

// Rules (RFC 6455 sections 5 and 7, RFC 7692 section 6). Every violation throws WebSocketProtocolException carrying the
// close code to send; the reader is then faulted.
//
//   frame header (checked byte by byte as it arrives: a bad first byte fails before the rest of the header is read)
//     RSV2 or RSV3 set                                                        1002
//     RSV1 set without permessage-deflate negotiated                          1002
//     RSV1 set on a continuation or control frame                             1002
//     opcode 3-7 or 0xB-0xF (reserved)                                        1002
//     MASK clear on a client frame (server role) / set on a server frame      1002
//     control frame with FIN clear, or with a payload over 125 bytes          1002
//     length not in its minimal form (16-bit < 126, 64-bit < 65536)           1002  RFC 6455 5.2 says MUST; wsproto rejects too
//     64-bit length with the most significant bit set                         1002
//   message assembly
//     continuation frame without a message in progress                        1002
//     text or binary frame while a fragmented message is in progress          1002
//     message over MaxMessageSize: the declared frame lengths (uncompressed)  1009  checked at each frame header, before any of
//       or the inflated bytes (compressed) passing the limit                          its payload is buffered
//     compressed payload over MaxMessageSize * 9/8 + 1 KiB                    1009  deflate never expands data more than that
//                                                                                    (fixed Huffman codes: 9 bits a byte)
//     invalid UTF-8 in a text message                                         1007  at the first byte that makes it invalid,
//                                                                                    across frames and inflated output
//     corrupt compressed data; data in a later frame after a final block      1007
//     (compressed payload is inflated, and so checked, a group at a time: each 8 KiB from the frame's start, then its rest)
//     data after a final block in the same frame                              ignored: the decompressor reads ahead, so
//                                                                                    it could only be caught for some splits
//     a compressed message with no payload bytes at all                       an empty message (nothing is inflated)
//   close frame payload
//     empty                                                                   Close event with code 1005, empty reason
//     1 byte                                                                  1002
//     code not valid on the wire (1000-1003, 1007-1014, 3000-4999 are)        1002
//     reason not valid UTF-8                                                  1007
//
// Streaming: a header is consumed only once complete (at most 14 bytes stay in the caller's pipe); payload is consumed as it
// arrives, unmasked (vectorized) straight into the destination, or inflated from there in groups of 8 KiB from the frame's
// start (a group that arrives in pieces is kept until complete, so that zlib sees the same input for every split). Control
// frames may come between the fragments of a message; their payload (at most 125 bytes) is copied into a buffer of the
// reader's own.
//
// States: Header -> DataPayload | ControlPayload -> Header ...; after a Close event, Closed (later input is discarded, as
// RFC 6455 5.5.1 allows); after a violation, Faulted.

/// <summary>
/// Reads the frames of one WebSocket connection from a <see cref="SequenceReader{T}"/> and reports whole messages and
/// control frames (sans-I/O: it never awaits and allocates nothing per frame). One instance per connection.
/// </summary>
/// <remarks>
/// <para>Calling sequence, in the connection's read loop (which owns <c>AdvanceTo</c>):</para>
/// <code>
/// var result = await input.ReadAsync(ct);
/// var reader = new SequenceReader&lt;byte&gt;(result.Buffer);
/// try
/// {
///     while (true)
///     {
///         var frameEvent = frames.Read(ref reader, messageBuffer);
///         if (frameEvent == WebSocketFrameEvent.NeedMoreData) break;
///         // TextMessage/BinaryMessage: messageBuffer.WrittenMemory holds it; Reset() the buffer once it is handed off.
///         // Ping: send a pong with ControlPayload. Close: CloseCode, CloseReason.
///     }
/// }
/// finally
/// {
///     input.AdvanceTo(reader.Position, result.Buffer.End);
/// }
/// </code>
/// <para><see cref="Read"/> consumes everything it returns an event for and every payload byte available, so
/// <c>consumed</c> is always <c>reader.Position</c>; on <see cref="WebSocketFrameEvent.NeedMoreData"/> the rest (an
/// incomplete header, at most 13 bytes) has been examined. To stop between events (to let the app take a message first),
/// advance with <c>examined = reader.Position</c> and call again with the rest later.</para>
/// <para>Errors throw <see cref="WebSocketProtocolException"/>: send a close frame with its <c>CloseCode</c> and message,
/// then close. The reader is faulted after that and any further call throws <see cref="InvalidOperationException"/>.</para>
/// <para>Not thread-safe.</para>
/// </remarks>
internal sealed class WebSocketFrameReader : IDisposable
{
    /// <summary>The default maximum message size: 16 MiB, uvicorn's <c>ws_max_size</c>.</summary>
    public const long DefaultMaxMessageSize = 16 * 1024 * 1024;

    private const int MaxHeaderSize = 14;
    private const int MaxControlPayload = 125;
    private const int InflateChunkSize = 16 * 1024;

    private const byte FinBit = 0x80;
    private const byte Rsv1Bit = 0x40;
    private const byte Rsv2Bit = 0x20;
    private const byte Rsv3Bit = 0x10;
    private const byte OpcodeBits = 0x0F;
    private const byte MaskBit = 0x80;
    private const byte LengthBits = 0x7F;
    private const byte Length16 = 126;
    private const byte Length64 = 127;

    private readonly long _maxMessageSize;
    private readonly long _maxCompressedSize;
    private readonly bool _expectMasked;
    private readonly WebSocketInflater? _inflater;
    private readonly byte[] _control = new byte[MaxControlPayload];

    private State _state;

    // The frame being read.
    private bool _frameFin;
    private long _payloadRemaining;
    private long _payloadLength;
    private bool _skipRestOfFrame;
    private uint _mask;
    private int _maskOffset;
    private WebSocketOpcode _controlOpcode;
    private int _controlLength;
    private int _closeCode;

    // The message being assembled (possibly across frames).
    private bool _messageInProgress;
    private bool _messageIsText;
    private bool _messageCompressed;
    private long _messageLength;
    private long _compressedLength;
    private Utf8StreamValidator _utf8;

    /// <summary>Creates the reader of one connection.</summary>
    /// <param name="maxMessageSize">The largest message accepted, after reassembly and decompression.</param>
    /// <param name="deflate">The permessage-deflate parameters negotiated in the handshake, or <see langword="null"/>
    /// when compression is off (RSV1 then fails the connection).</param>
    /// <param name="isServer">Whether this reads a client's frames (the server role: frames must be masked) or a
    /// server's (the client role, as in tests: frames must not be masked).</param>
    public WebSocketFrameReader(long maxMessageSize = DefaultMaxMessageSize, PerMessageDeflateParameters? deflate = null, bool isServer = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessageSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessageSize, (long)Array.MaxLength);
        _maxMessageSize = maxMessageSize;
        _maxCompressedSize = maxMessageSize + (maxMessageSize / 8) + 1024;
        _expectMasked = isServer;
        if (deflate is { } parameters)
        {
            _inflater = new WebSocketInflater(isServer ? parameters.ClientNoContextTakeover : parameters.ServerNoContextTakeover);
        }
    }

    private enum State : byte
    {
        Header,
        DataPayload,
        ControlPayload,
        Closed,
        Faulted,
    }

    /// <summary>The largest message accepted.</summary>
    public long MaxMessageSize => _maxMessageSize;

    /// <summary>Whether a message has started and not yet completed (control frames may still arrive between its
    /// fragments; the destination holds its first part and must not be reset).</summary>
    public bool IsMessageInProgress => _messageInProgress;

    /// <summary>The length of the message being assembled, or of the last one completed (after decompression).</summary>
    public long MessageLength => _messageLength;

    /// <summary>The payload of the last <see cref="WebSocketFrameEvent.Ping"/>, <see cref="WebSocketFrameEvent.Pong"/> or
    /// <see cref="WebSocketFrameEvent.Close"/> event (unmasked, at most 125 bytes), valid until the next
    /// <see cref="Read"/>.</summary>
    public ReadOnlySpan<byte> ControlPayload => _control.AsSpan(0, _controlLength);

    /// <summary>The code of the last <see cref="WebSocketFrameEvent.Close"/> event: the code sent, or
    /// <see cref="WebSocketCloseCode.NoStatusReceived"/> (1005) when the close frame was empty.</summary>
    public int CloseCode => _closeCode;

    /// <summary>The reason of the last <see cref="WebSocketFrameEvent.Close"/> event, as valid UTF-8 (empty when none),
    /// valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<byte> CloseReason => _controlLength > 2 ? _control.AsSpan(2, _controlLength - 2) : default;

    /// <summary>
    /// Reads frames from <paramref name="input"/> until one yields an event or the input runs out.
    /// </summary>
    /// <param name="input">The received bytes; advanced past everything used (complete headers and all available payload).</param>
    /// <param name="destination">Where message payload is appended (unmasked, inflated). It must hold the message until
    /// the <see cref="WebSocketFrameEvent.TextMessage"/> or <see cref="WebSocketFrameEvent.BinaryMessage"/> event and be
    /// cleared by the caller after it; never more than <see cref="MaxMessageSize"/> bytes are written per message.</param>
    /// <returns>What happened; <see cref="WebSocketFrameEvent.NeedMoreData"/> when the input is used up.</returns>
    /// <exception cref="WebSocketProtocolException">The peer broke the protocol or a limit; send a close frame with its code.</exception>
    /// <exception cref="InvalidOperationException">The reader failed earlier.</exception>
    public WebSocketFrameEvent Read(ref SequenceReader<byte> input, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        while (true)
        {
            switch (_state)
            {
                case State.Header:
                    if (!TryReadHeader(ref input))
                    {
                        return WebSocketFrameEvent.NeedMoreData;
                    }

                    break;

                case State.DataPayload:
                    if (_payloadRemaining != 0)
                    {
                        if (input.End)
                        {
                            return WebSocketFrameEvent.NeedMoreData;
                        }

                        if (_messageCompressed)
                        {
                            InflatePayload(ref input, destination);
                        }
                        else
                        {
                            CopyPayload(ref input, destination);
                        }

                        if (_payloadRemaining != 0)
                        {
                            return WebSocketFrameEvent.NeedMoreData;
                        }
                    }

                    _state = State.Header;
                    if (_frameFin)
                    {
                        return CompleteMessage(destination);
                    }

                    break;

                case State.ControlPayload:
                    if (_payloadRemaining != 0)
                    {
                        if (input.End)
                        {
                            return WebSocketFrameEvent.NeedMoreData;
                        }

                        CopyControlPayload(ref input);
                        if (_payloadRemaining != 0)
                        {
                            return WebSocketFrameEvent.NeedMoreData;
                        }
                    }

                    _state = State.Header;
                    return CompleteControlFrame();

                case State.Closed:
                    input.AdvanceToEnd();
                    return WebSocketFrameEvent.NeedMoreData;

                default:
                    WebSocketThrowHelper.ThrowReaderFaulted();
                    break;
            }
        }
    }

    /// <summary>Releases the decompressor, if any.</summary>
    public void Dispose() => _inflater?.Dispose();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HeaderSize(byte secondByte)
    {
        var length = secondByte & LengthBits;
        var size = length < Length16 ? 2 : length == Length16 ? 4 : 10;
        return (secondByte & MaskBit) != 0 ? size + 4 : size;
    }

    private bool TryReadHeader(ref SequenceReader<byte> input)
    {
        // Fast path: the whole header in the current span.
        var span = input.UnreadSpan;
        if (span.Length >= 2)
        {
            var size = HeaderSize(span[1]);
            if (span.Length >= size)
            {
                ParseHeader(span[..size]);
                input.Advance(size);
                return true;
            }
        }

        return TryReadHeaderAcrossSegments(ref input);
    }

    // Slow path: the header is incomplete or crosses segments. Peek at what is there (without consuming), checking each
    // byte as soon as it is available.
    private bool TryReadHeaderAcrossSegments(ref SequenceReader<byte> input)
    {
        var available = (int)Math.Min(input.Remaining, MaxHeaderSize);
        if (available == 0)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[MaxHeaderSize];
        header = header[..available];
        input.TryCopyTo(header);
        CheckFirstByte(header[0]);
        if (available < 2)
        {
            return false;
        }

        CheckSecondByte(header[0], header[1]);
        var size = HeaderSize(header[1]);
        if (available < size)
        {
            return false;
        }

        ParseHeader(header[..size]);
        input.Advance(size);
        return true;
    }

    private void ParseHeader(ReadOnlySpan<byte> header)
    {
        var first = header[0];
        var second = header[1];
        CheckFirstByte(first);
        CheckSecondByte(first, second);

        long length = second & LengthBits;
        var position = 2;
        if (length == Length16)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
            position = 4;
            if (length < Length16)
            {
                Fail(WebSocketCloseCode.ProtocolError, "Frame length not in its minimal form");
            }
        }
        else if (length == Length64)
        {
            var wide = BinaryPrimitives.ReadUInt64BigEndian(header[2..]);
            position = 10;
            if (wide > long.MaxValue)
            {
                Fail(WebSocketCloseCode.ProtocolError, "Frame length with the most significant bit set");
            }

            if (wide <= ushort.MaxValue)
            {
                Fail(WebSocketCloseCode.ProtocolError, "Frame length not in its minimal form");
            }

            length = (long)wide;
        }

        _mask = _expectMasked ? MemoryMarshal.Read<uint>(header[position..]) : 0;
        _maskOffset = 0;
        StartFrame(first, length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckFirstByte(byte first)
    {
        if ((first & (Rsv2Bit | Rsv3Bit)) != 0)
        {
            Fail(WebSocketCloseCode.ProtocolError, "RSV2 and RSV3 must be clear");
        }

        var rsv1 = (first & Rsv1Bit) != 0;
        switch ((WebSocketOpcode)(first & OpcodeBits))
        {
            case WebSocketOpcode.Text or WebSocketOpcode.Binary:
                if (_messageInProgress)
                {
                    Fail(WebSocketCloseCode.ProtocolError, "New data frame while a fragmented message is in progress");
                }

                if (rsv1 && _inflater is null)
                {
                    Fail(WebSocketCloseCode.ProtocolError, "RSV1 set without permessage-deflate");
                }

                break;

            case WebSocketOpcode.Continuation:
                if (!_messageInProgress)
                {
                    Fail(WebSocketCloseCode.ProtocolError, "Continuation frame without a message in progress");
                }

                if (rsv1)
                {
                    Fail(WebSocketCloseCode.ProtocolError, "RSV1 set on a continuation frame");
                }

                break;

            case WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong:
                if ((first & FinBit) == 0)
                {
                    Fail(WebSocketCloseCode.ProtocolError, "Fragmented control frame");
                }

                if (rsv1)
                {
                    Fail(WebSocketCloseCode.ProtocolError, "RSV1 set on a control frame");
                }

                break;

            default:
                Fail(WebSocketCloseCode.ProtocolError, "Reserved opcode");
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckSecondByte(byte first, byte second)
    {
        if (((second & MaskBit) != 0) != _expectMasked)
        {
            Fail(WebSocketCloseCode.ProtocolError, _expectMasked ? "Client frames must be masked" : "Server frames must not be masked");
        }

        if ((first & 0x08) != 0 && (second & LengthBits) > MaxControlPayload)
        {
            Fail(WebSocketCloseCode.ProtocolError, "Control frame payload over 125 bytes");
        }
    }

    private void StartFrame(byte first, long length)
    {
        var opcode = (WebSocketOpcode)(first & OpcodeBits);
        _frameFin = (first & FinBit) != 0;
        _payloadRemaining = length;
        _payloadLength = length;
        _skipRestOfFrame = false;

        if (opcode >= WebSocketOpcode.Close)
        {
            _controlOpcode = opcode;
            _controlLength = 0;
            _state = State.ControlPayload;
            return;
        }

        if (opcode != WebSocketOpcode.Continuation)
        {
            _messageInProgress = true;
            _messageIsText = opcode == WebSocketOpcode.Text;
            _messageCompressed = (first & Rsv1Bit) != 0;
            _messageLength = 0;
            _compressedLength = 0;
            _utf8.Reset();
        }

        if (_messageCompressed)
        {
            if (length > _maxCompressedSize - _compressedLength)
            {
                Fail(WebSocketCloseCode.MessageTooBig, "Compressed message too big");
            }

            _compressedLength += length;
        }
        else if (length > _maxMessageSize - _messageLength)
        {
            Fail(WebSocketCloseCode.MessageTooBig, "Message too big");
        }

        _state = State.DataPayload;
    }

    // Unmasks the available payload of an uncompressed data frame into the destination, validating text as it goes.
    private void CopyPayload(ref SequenceReader<byte> input, IBufferWriter<byte> destination)
    {
        do
        {
            var source = input.UnreadSpan;
            if (source.Length > _payloadRemaining)
            {
                source = source[..(int)_payloadRemaining];
            }

            var count = source.Length;
            while (!source.IsEmpty)
            {
                var target = destination.GetSpan(source.Length);
                var length = Math.Min(source.Length, target.Length);
                target = target[..length];
                if (_expectMasked)
                {
                    _maskOffset = WebSocketMask.Apply(source[..length], target, _mask, _maskOffset);
                }
                else
                {
                    source[..length].CopyTo(target);
                }

                if (_messageIsText && !_utf8.Append(target))
                {
                    Fail(WebSocketCloseCode.InvalidPayloadData, "Invalid UTF-8 in a text message");
                }

                destination.Advance(length);
                source = source[length..];
            }

            input.Advance(count);
            _payloadRemaining -= count;
            _messageLength += count;
        }
        while (_payloadRemaining != 0 && !input.End);
    }

    // Feeds the available payload of a compressed data frame to the inflater in the same groups however it was split
    // (see WebSocketInflater): a group that is all in the current span goes straight from there, unmasked on the way;
    // one that crosses spans or reads is kept until complete.
    private void InflatePayload(ref SequenceReader<byte> input, IBufferWriter<byte> destination)
    {
        var inflater = _inflater!;
        do
        {
            var memory = input.UnreadSequence.First;
            if (memory.Length > _payloadRemaining)
            {
                memory = memory[..(int)_payloadRemaining];
            }

            var offset = _payloadLength - _payloadRemaining;
            var restOfGroup = (int)Math.Min(WebSocketInflater.GroupSize - (offset % WebSocketInflater.GroupSize), _payloadRemaining);
            var count = Math.Min(memory.Length, restOfGroup);
            if (_skipRestOfFrame)
            {
                count = memory.Length;
            }
            else if (inflater.KeptLength == 0 && count == restOfGroup)
            {
                inflater.SetInput(memory[..count], _expectMasked, _mask, _maskOffset);
                InflateGroup(destination, offset, count);
            }
            else
            {
                inflater.Keep(memory.Span[..count], _expectMasked, _mask, _maskOffset);
                if (count == restOfGroup)
                {
                    var length = inflater.KeptLength;
                    inflater.SetKeptInput();
                    InflateGroup(destination, offset + count - length, length);
                }
            }

            _maskOffset = (_maskOffset + count) & 3;
            input.Advance(count);
            _payloadRemaining -= count;
        }
        while (_payloadRemaining != 0 && !input.End);
    }

    private void InflateGroup(IBufferWriter<byte> destination, long groupOffset, int groupLength)
    {
        Inflate(destination);
        if (_inflater!.UnusedInput != 0)
        {
            // The deflate stream ended with a final block. A later frame of the message untouched is an error; within
            // this frame, the decompressor may already have read past the end (a whole group at once), so the rest of
            // the frame is ignored for every split alike (found by fuzzing).
            if (groupOffset == 0 && _inflater.UnusedInput == groupLength)
            {
                Fail(WebSocketCloseCode.InvalidPayloadData, "Data after the end of the compressed stream");
            }

            _skipRestOfFrame = true;
        }
    }

    // Drains the inflater into the destination, never past the message size limit.
    private void Inflate(IBufferWriter<byte> destination)
    {
        while (true)
        {
            var room = _maxMessageSize - _messageLength;
            if (room == 0)
            {
                FailIfMoreOutput();
                return;
            }

            var target = destination.GetSpan((int)Math.Min(room, InflateChunkSize));
            if (target.Length > room)
            {
                target = target[..(int)room];
            }

            if (!_inflater!.TryInflate(target, out var written))
            {
                Fail(WebSocketCloseCode.InvalidPayloadData, "Invalid compressed data");
            }

            if (written == 0)
            {
                return;
            }

            if (_messageIsText && !_utf8.Append(target[..written]))
            {
                Fail(WebSocketCloseCode.InvalidPayloadData, "Invalid UTF-8 in a text message");
            }

            destination.Advance(written);
            _messageLength += written;
        }
    }

    // The message reached the limit: one more inflated byte means it is too big.
    private void FailIfMoreOutput()
    {
        Span<byte> probe = stackalloc byte[1];
        if (!_inflater!.TryInflate(probe, out var written))
        {
            Fail(WebSocketCloseCode.InvalidPayloadData, "Invalid compressed data");
        }

        if (written != 0)
        {
            Fail(WebSocketCloseCode.MessageTooBig, "Message too big");
        }
    }

    private WebSocketFrameEvent CompleteMessage(IBufferWriter<byte> destination)
    {
        // A compressed message without a single payload byte is empty. The 00 00 FF FF must not be inflated then: without
        // the 3 header bits a sync flush puts in the byte before them, they read as a stored block 255 bytes long, which
        // would swallow the next message.
        if (_messageCompressed && _compressedLength != 0)
        {
            _inflater!.SetEndOfMessage();
            Inflate(destination);
            _inflater.EndMessage();
        }

        if (_messageIsText && !_utf8.IsComplete)
        {
            Fail(WebSocketCloseCode.InvalidPayloadData, "Text message ends inside a UTF-8 sequence");
        }

        _messageInProgress = false;
        return _messageIsText ? WebSocketFrameEvent.TextMessage : WebSocketFrameEvent.BinaryMessage;
    }

    private void CopyControlPayload(ref SequenceReader<byte> input)
    {
        do
        {
            var source = input.UnreadSpan;
            if (source.Length > _payloadRemaining)
            {
                source = source[..(int)_payloadRemaining];
            }

            var target = _control.AsSpan(_controlLength, source.Length);
            if (_expectMasked)
            {
                _maskOffset = WebSocketMask.Apply(source, target, _mask, _maskOffset);
            }
            else
            {
                source.CopyTo(target);
            }

            input.Advance(source.Length);
            _controlLength += source.Length;
            _payloadRemaining -= source.Length;
        }
        while (_payloadRemaining != 0 && !input.End);
    }

    private WebSocketFrameEvent CompleteControlFrame()
    {
        switch (_controlOpcode)
        {
            case WebSocketOpcode.Ping:
                return WebSocketFrameEvent.Ping;
            case WebSocketOpcode.Pong:
                return WebSocketFrameEvent.Pong;
            default:
                ReadClosePayload();
                _state = State.Closed;
                return WebSocketFrameEvent.Close;
        }
    }

    private void ReadClosePayload()
    {
        var payload = ControlPayload;
        if (payload.IsEmpty)
        {
            _closeCode = WebSocketCloseCode.NoStatusReceived;
            return;
        }

        if (payload.Length == 1)
        {
            Fail(WebSocketCloseCode.ProtocolError, "Close frame payload of 1 byte");
        }

        var code = BinaryPrimitives.ReadUInt16BigEndian(payload);
        if (!WebSocketCloseCode.IsValidOnWire(code))
        {
            Fail(WebSocketCloseCode.ProtocolError, "Close code not allowed on the wire");
        }

        if (!Utf8.IsValid(payload[2..]))
        {
            Fail(WebSocketCloseCode.InvalidPayloadData, "Close reason is not valid UTF-8");
        }

        _closeCode = code;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Fail(int closeCode, string reason)
    {
        _state = State.Faulted;
        _messageInProgress = false;
        WebSocketThrowHelper.ThrowProtocolError(closeCode, reason);
    }
}