using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Gateway.Server.Protocol.WebSockets;

// Rules (RFC 6455 sections 5.1-5.7, RFC 7692 section 7.2.1):
//   server frames are never masked;
//   every message is one frame with FIN set, its length in the minimal form (7, 16 or 64 bits);
//   control frames (ping, pong, close) carry at most 125 bytes and are never compressed;
//   a close payload is empty, or a code valid on the wire followed by a UTF-8 reason of at most 123 bytes;
//   with permessage-deflate, a data message of at least MinMessageSize bytes is compressed (RSV1 set, ended with a sync
//   flush whose trailing 00 00 FF FF is stripped); a smaller one goes uncompressed (RSV1 clear), which leaves the
//   compression context untouched on both sides;
//   text is encoded from UTF-16 straight into the output (or the compressor), chunk by chunk, never into a temporary
//   array; lone surrogates become U+FFFD, as Encoding.UTF8 does.

/// <summary>
/// Writes the frames a server sends into an <see cref="IBufferWriter{T}"/> (a connection's <c>PipeWriter</c>), compressing
/// data messages when permessage-deflate was negotiated. One instance per connection (it holds the compressor).
/// </summary>
/// <remarks>
/// Sans-I/O: the caller flushes the output. Not thread-safe: the connection must serialize writes (app sends, pongs and
/// the close frame) to its output anyway. Control frames need no state and are written by static methods.
/// </remarks>
internal sealed class WebSocketFrameWriter : IDisposable
{
    /// <summary>The largest frame header: 2 bytes, a 64-bit length and no mask.</summary>
    public const int MaxHeaderSize = 10;

    private const int MaxControlPayload = 125;
    private const int MaxCloseReason = 123;
    private const byte FinBit = 0x80;
    private const byte Rsv1Bit = 0x40;

    // Up to this size a frame is written into one span; above, the header then the payload in chunks, so a large message
    // never needs a large contiguous block from the pipe.
    private const int SingleSpanLimit = 16 * 1024;
    private const int ChunkSize = 16 * 1024;
    private const int EncodeChunkSize = 1024;

    private readonly WebSocketDeflater? _deflater;
    private readonly int _minCompressedSize;

    /// <summary>Creates the writer of one connection.</summary>
    /// <param name="deflate">The permessage-deflate parameters negotiated in the handshake, or <see langword="null"/> to
    /// send everything uncompressed.</param>
    /// <param name="options">Compression level and threshold (defaults when <see langword="null"/>).</param>
    public WebSocketFrameWriter(PerMessageDeflateParameters? deflate = null, WebSocketCompressionOptions? options = null)
    {
        options ??= WebSocketProtocolOptions.Default.Compression;
        _minCompressedSize = Math.Max(options.MinMessageSize, 1);
        if (deflate is { } parameters)
        {
            _deflater = new WebSocketDeflater(parameters.ServerNoContextTakeover, options.CompressionLevel);
        }
    }

    /// <summary>Whether data messages are compressed (permessage-deflate was negotiated).</summary>
    public bool IsCompressing => _deflater is not null;

    /// <summary>Writes the header of a server frame (FIN set, unmasked).</summary>
    /// <param name="destination">At least <see cref="HeaderSize"/> bytes.</param>
    /// <param name="opcode">The opcode.</param>
    /// <param name="compressed">Whether to set RSV1 (a permessage-deflate message).</param>
    /// <param name="payloadLength">The payload length.</param>
    /// <returns>The header size.</returns>
    public static int WriteHeader(Span<byte> destination, WebSocketOpcode opcode, bool compressed, long payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        destination[0] = (byte)(FinBit | (compressed ? Rsv1Bit : 0) | (byte)opcode);
        if (payloadLength <= MaxControlPayload)
        {
            destination[1] = (byte)payloadLength;
            return 2;
        }

        if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
            return 4;
        }

        destination[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
        return 10;
    }

    /// <summary>The size of the header of an unmasked frame with <paramref name="payloadLength"/> bytes.</summary>
    /// <param name="payloadLength">The payload length.</param>
    /// <returns>2, 4 or 10.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HeaderSize(long payloadLength) => payloadLength <= MaxControlPayload ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10;

    /// <summary>Writes a ping.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="payload">At most 125 bytes.</param>
    public static void WritePing(IBufferWriter<byte> output, ReadOnlySpan<byte> payload) => WriteControl(output, WebSocketOpcode.Ping, payload);

    /// <summary>Writes a pong (the answer to a ping carries the ping's payload).</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="payload">At most 125 bytes.</param>
    public static void WritePong(IBufferWriter<byte> output, ReadOnlySpan<byte> payload) => WriteControl(output, WebSocketOpcode.Pong, payload);

    /// <summary>Writes a close frame.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="code">A code valid on the wire (1000-1003, 1007-1014, 3000-4999), or
    /// <see cref="WebSocketCloseCode.NoStatusReceived"/> (1005) for an empty close frame (the echo of a close that had no
    /// code).</param>
    /// <param name="reason">The reason, at most 123 bytes once UTF-8 encoded; must be empty with 1005.</param>
    public static void WriteClose(IBufferWriter<byte> output, int code, ReadOnlySpan<char> reason = default)
    {
        Span<byte> payload = stackalloc byte[MaxControlPayload];
        var length = 0;
        if (!reason.IsEmpty)
        {
            if (Utf8.FromUtf16(reason, payload[2..], out _, out length) != OperationStatus.Done)
            {
                WebSocketThrowHelper.ThrowCloseReasonTooLong(nameof(reason));
            }
        }

        WriteClose(output, code, payload, length);
    }

    /// <summary>Writes a close frame with a reason already in UTF-8 (such as the peer's, echoed).</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="code">As for <see cref="WriteClose(IBufferWriter{byte}, int, ReadOnlySpan{char})"/>.</param>
    /// <param name="reason">At most 123 bytes of valid UTF-8.</param>
    public static void WriteCloseUtf8(IBufferWriter<byte> output, int code, ReadOnlySpan<byte> reason)
    {
        if (reason.Length > MaxCloseReason)
        {
            WebSocketThrowHelper.ThrowCloseReasonTooLong(nameof(reason));
        }

        if (!Utf8.IsValid(reason))
        {
            WebSocketThrowHelper.ThrowInvalidUtf8(nameof(reason));
        }

        Span<byte> payload = stackalloc byte[MaxControlPayload];
        reason.CopyTo(payload[2..]);
        WriteClose(output, code, payload, reason.Length);
    }

    /// <summary>Writes an app's message.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="message">The message; its UTF-8 bytes (encoded once per message object, so a broadcast encodes once).</param>
    public void WriteMessage(IBufferWriter<byte> output, WebSocketSend message)
    {
        ArgumentNullException.ThrowIfNull(message);
        WriteData(output, message.IsText ? WebSocketOpcode.Text : WebSocketOpcode.Binary, message.Data.Span);
    }

    /// <summary>Writes a text message, encoding it to UTF-8 straight into the output (or the compressor).</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="text">The text.</param>
    public void WriteText(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        ArgumentNullException.ThrowIfNull(output);

        // Compression needs no length up front. Text has at least as many UTF-8 bytes as chars.
        if (_deflater is not null && text.Length >= _minCompressedSize)
        {
            CompressText(output, text);
            return;
        }

        var byteCount = Encoding.UTF8.GetByteCount(text);
        if (_deflater is not null && byteCount >= _minCompressedSize)
        {
            CompressText(output, text);
            return;
        }

        var headerSize = HeaderSize(byteCount);
        if (headerSize + byteCount <= SingleSpanLimit)
        {
            var span = output.GetSpan(headerSize + byteCount);
            WriteHeader(span, WebSocketOpcode.Text, compressed: false, byteCount);
            Encoding.UTF8.GetBytes(text, span[headerSize..]);
            output.Advance(headerSize + byteCount);
            return;
        }

        WriteHeader(output.GetSpan(MaxHeaderSize), WebSocketOpcode.Text, compressed: false, byteCount);
        output.Advance(headerSize);
        while (!text.IsEmpty)
        {
            // Never splits a surrogate pair: it stops before a character that does not fit.
            var span = output.GetSpan(Math.Min(byteCount, ChunkSize));
            Utf8.FromUtf16(text, span, out var read, out var written, replaceInvalidSequences: true);
            output.Advance(written);
            text = text[read..];
            byteCount -= written;
        }
    }

    /// <summary>Writes a text message from UTF-8 bytes.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="utf8">Valid UTF-8 (the caller guarantees it: <see cref="WebSocketSend"/> validates its bytes).</param>
    public void WriteText(IBufferWriter<byte> output, ReadOnlySpan<byte> utf8) => WriteData(output, WebSocketOpcode.Text, utf8);

    /// <summary>Writes a binary message.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="data">The payload.</param>
    public void WriteBinary(IBufferWriter<byte> output, ReadOnlySpan<byte> data) => WriteData(output, WebSocketOpcode.Binary, data);

    /// <summary>Releases the compressor.</summary>
    public void Dispose() => _deflater?.Dispose();

    private static void WriteControl(IBufferWriter<byte> output, WebSocketOpcode opcode, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (payload.Length > MaxControlPayload)
        {
            WebSocketThrowHelper.ThrowControlPayloadTooLong(nameof(payload));
        }

        WriteFrame(output, opcode, compressed: false, payload);
    }

    // payload: 125 bytes with the reason from index 2.
    private static void WriteClose(IBufferWriter<byte> output, int code, Span<byte> payload, int reasonLength)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (code == WebSocketCloseCode.NoStatusReceived && reasonLength == 0)
        {
            WriteFrame(output, WebSocketOpcode.Close, compressed: false, default);
            return;
        }

        if (!WebSocketCloseCode.IsValidOnWire(code))
        {
            WebSocketThrowHelper.ThrowCloseCodeNotSendable(code, nameof(code));
        }

        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
        WriteFrame(output, WebSocketOpcode.Close, compressed: false, payload[..(2 + reasonLength)]);
    }

    private static void WriteFrame(IBufferWriter<byte> output, WebSocketOpcode opcode, bool compressed, ReadOnlySpan<byte> payload)
    {
        var headerSize = HeaderSize(payload.Length);
        if (payload.Length <= SingleSpanLimit)
        {
            var span = output.GetSpan(headerSize + payload.Length);
            WriteHeader(span, opcode, compressed, payload.Length);
            payload.CopyTo(span[headerSize..]);
            output.Advance(headerSize + payload.Length);
            return;
        }

        WriteHeader(output.GetSpan(MaxHeaderSize), opcode, compressed, payload.Length);
        output.Advance(headerSize);
        output.Write(payload); // copies chunk by chunk into whatever spans the output offers
    }

    private void WriteData(IBufferWriter<byte> output, WebSocketOpcode opcode, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_deflater is not null && payload.Length >= _minCompressedSize)
        {
            _deflater.Write(payload);
            WriteCompressed(output, opcode);
            return;
        }

        WriteFrame(output, opcode, compressed: false, payload);
    }

    private void CompressText(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        Span<byte> chunk = stackalloc byte[EncodeChunkSize];
        while (!text.IsEmpty)
        {
            Utf8.FromUtf16(text, chunk, out var read, out var written, replaceInvalidSequences: true);
            _deflater!.Write(chunk[..written]);
            text = text[read..];
        }

        WriteCompressed(output, WebSocketOpcode.Text);
    }

    private void WriteCompressed(IBufferWriter<byte> output, WebSocketOpcode opcode)
    {
        WriteFrame(output, opcode, compressed: true, _deflater!.Finish());
        _deflater.EndMessage();
    }
}