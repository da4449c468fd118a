using System.IO.Compression;

namespace Gateway.Server.Protocol.WebSockets;

/// <summary>
/// The receiving half of permessage-deflate (RFC 7692 section 7.2.2): inflates the payload of compressed messages piece by
/// piece, as the frame reader receives it, into a destination bounded by the caller.
/// </summary>
/// <remarks>
/// <para>Rules:</para>
/// <list type="bullet">
/// <item>Every message is followed by the 4 bytes <c>00 00 FF FF</c> the sender stripped (<see cref="SetEndOfMessage"/>).</item>
/// <item>The decompressor keeps its window from one message to the next (context takeover) unless the client promised not
/// to use it (<c>client_no_context_takeover</c>): then it is disposed after every message, so an idle connection holds no
/// zlib memory. Keeping it would also be correct (a sender that does not refer back just never uses the window).</item>
/// <item>A raw deflate window of 15 bits inflates anything compressed with a window of 8 to 15 bits, so every
/// <c>client_max_window_bits</c> the client may use is supported.</item>
/// <item>A sender may end a message with a final block (BFINAL, RFC 7692 section 7.2.3.4) instead of a sync flush: the
/// stream is then over, and a new decompressor serves the next message. Data after a final block within the same
/// message is invalid (1007).</item>
/// <item>Corrupt data fails with 1007, as wsproto and System.Net.WebSockets do.</item>
/// </list>
/// </remarks>
internal sealed class WebSocketInflater : IDisposable
{
    private static readonly byte[] EndOfMessage = [0x00, 0x00, 0xFF, 0xFF];

    private readonly WebSocketInflaterInput _input = new();
    private readonly bool _resetAfterMessage;
    private DeflateStream? _stream;

    /// <summary>Creates an inflater.</summary>
    /// <param name="resetAfterMessage">Whether the peer compresses each message without context takeover.</param>
    public WebSocketInflater(bool resetAfterMessage) => _resetAfterMessage = resetAfterMessage;

    /// <summary>Bytes of the current input not taken by the decompressor: non-zero after a drain only when the deflate
    /// stream ended (a final block) before them.</summary>
    public int UnusedInput => _input.Remaining;

    /// <summary>The key byte that applies to the byte after the input consumed so far.</summary>
    public int MaskOffset => _input.MaskOffset;

    /// <summary>Sets the next piece of a message's compressed payload.</summary>
    /// <param name="payload">The bytes as received.</param>
    /// <param name="masked">Whether they are masked.</param>
    /// <param name="mask">The frame's masking key.</param>
    /// <param name="maskOffset">The key byte that applies to <c>payload[0]</c>.</param>
    public void SetInput(ReadOnlyMemory<byte> payload, bool masked, uint mask, int maskOffset)
    {
        _stream ??= new DeflateStream(_input, CompressionMode.Decompress, leaveOpen: true);
        _input.SetInput(payload, masked, mask, maskOffset);
    }

    /// <summary>Sets the input to the 4 bytes that end every message.</summary>
    public void SetEndOfMessage() => SetInput(EndOfMessage, masked: false, mask: 0, maskOffset: 0);

    /// <summary>Inflates what the input allows into <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="written">The bytes written: 0 once the input is used up (or the stream ended).</param>
    /// <returns><see langword="false"/> when the compressed data is corrupt.</returns>
    public bool TryInflate(Span<byte> destination, out int written)
    {
        try
        {
            written = _stream!.Read(destination);
            return true;
        }
        catch (InvalidDataException)
        {
            written = 0;
            return false;
        }
    }

    /// <summary>Ends a message whose end-of-message bytes were inflated: drops the decompressor when its context must
    /// not (or cannot, after a final block) carry over.</summary>
    public void EndMessage()
    {
        if (_resetAfterMessage || _input.Remaining != 0)
        {
            DisposeStream();
        }
    }

    /// <summary>Releases the decompressor.</summary>
    public void Dispose() => DisposeStream();

    private void DisposeStream()
    {
        _stream?.Dispose();
        _stream = null;
        _input.SetInput(default, masked: false, mask: 0, maskOffset: 0);
    }
}