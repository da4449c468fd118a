using System.Diagnostics;
using System.IO.Compression;

namespace Gateway.Server.Protocol.WebSockets;

/// <summary>
/// The sending half of permessage-deflate (RFC 7692 section 7.2.1): compresses one message at a time into a pooled
/// buffer, ends it with a sync flush and strips the flush's trailing <c>00 00 FF FF</c>.
/// </summary>
/// <remarks>
/// <para>.NET 10's <see cref="DeflateStream"/> always compresses with a 15-bit window (choosing the window,
/// <c>ZLibCompressionOptions.WindowLog</c>, arrives in .NET 11), which is why the negotiator declines offers asking for a
/// smaller <c>server_max_window_bits</c>.</para>
/// <para>With context takeover one compressor serves every message of the connection; with
/// <c>server_no_context_takeover</c> it is disposed after each message, so no zlib state lives between messages.</para>
/// </remarks>
internal sealed class WebSocketDeflater : IDisposable
{
    private readonly WebSocketMessageBuffer _buffer;
    private readonly WebSocketDeflaterOutput _output;
    private readonly bool _resetAfterMessage;
    private readonly int _level;
    private DeflateStream? _stream;

    /// <summary>Creates a deflater.</summary>
    /// <param name="resetAfterMessage">Whether each message is compressed on its own (no context takeover).</param>
    /// <param name="level">The zlib level, -1 to 9.</param>
    public WebSocketDeflater(bool resetAfterMessage, int level)
    {
        _buffer = new WebSocketMessageBuffer(Array.MaxLength);
        _output = new WebSocketDeflaterOutput(_buffer);
        _resetAfterMessage = resetAfterMessage;
        _level = level;
    }

    /// <summary>Compresses the next bytes of the current message.</summary>
    /// <param name="data">The bytes.</param>
    public void Write(ReadOnlySpan<byte> data)
    {
        _stream ??= new DeflateStream(_output, new ZLibCompressionOptions { CompressionLevel = _level }, leaveOpen: true);
        _stream.Write(data);
    }

    /// <summary>Ends the current message (which must have had at least one byte written).</summary>
    /// <returns>The compressed payload, valid until <see cref="EndMessage"/>.</returns>
    public ReadOnlySpan<byte> Finish()
    {
        Debug.Assert(_stream is not null);
        _stream.Flush(); // zlib's Z_SYNC_FLUSH: the output ends with an empty stored block, 00 00 FF FF
        var compressed = _buffer.WrittenSpan;
        Debug.Assert(compressed.Length >= 4 && compressed[^4..].SequenceEqual((ReadOnlySpan<byte>)[0x00, 0x00, 0xFF, 0xFF]));
        return compressed[..^4];
    }

    /// <summary>Forgets the compressed payload once written, and drops the compressor without context takeover.</summary>
    public void EndMessage()
    {
        if (_resetAfterMessage)
        {
            DisposeStream();
        }

        _buffer.Reset();
    }

    /// <summary>Releases the compressor and the buffer.</summary>
    public void Dispose()
    {
        DisposeStream();
        _buffer.Dispose();
    }

    private void DisposeStream()
    {
        if (_stream is not null)
        {
            _output.Discarding = true;
            _stream.Dispose();
            _output.Discarding = false;
            _stream = null;
        }
    }
}