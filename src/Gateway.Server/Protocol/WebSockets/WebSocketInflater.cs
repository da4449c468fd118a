using System.Buffers;
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
/// <item>The payload is inflated in groups (<see cref="GroupSize"/> bytes from each frame's start, and the rest at its
/// end), the same groups however the bytes were split into reads: a group that arrives whole goes to zlib straight from
/// the caller's memory, one that arrives in pieces is kept (<see cref="Keep"/>) until complete. zlib's results depend on
/// how much input it has at hand: it reports corrupt data by throwing, which loses what the same call inflated before
/// the corrupt bits, and once it has filled its output it decodes one more symbol if its input holds it. So a message
/// that passed the size limit and then turned corrupt closed with 1007 delivered whole and 1009 trickled (found by
/// fuzzing); with the same groups, zlib makes the same calls for every split.</item>
/// </list>
/// </remarks>
internal sealed class WebSocketInflater : IDisposable
{
    /// <summary>The compressed bytes inflated together: what DeflateStream reads from its source at once, so a payload
    /// that arrives whole meets zlib in the same 8 KiB pieces as it would without groups (with 4 KiB groups, the
    /// micro-benchmark inflated 64 KiB messages about 10% slower).</summary>
    public const int GroupSize = 8192;

    private static readonly byte[] EndOfMessage = [0x00, 0x00, 0xFF, 0xFF];

    private readonly WebSocketInflaterInput _input = new();
    private readonly bool _resetAfterMessage;
    private DeflateStream? _stream;

    // The group being kept while it arrives in pieces, unmasked; rented only then, and given back when the message ends.
    private byte[]? _kept;
    private int _keptLength;

    /// <summary>Creates an inflater.</summary>
    /// <param name="resetAfterMessage">Whether the peer compresses each message without context takeover.</param>
    public WebSocketInflater(bool resetAfterMessage) => _resetAfterMessage = resetAfterMessage;

    /// <summary>Bytes of the current input not taken by the decompressor: non-zero after a drain only when the deflate
    /// stream ended (a final block) before them.</summary>
    public int UnusedInput => _input.Remaining;

    /// <summary>The bytes of an incomplete group kept so far.</summary>
    public int KeptLength => _keptLength;

    /// <summary>Sets the next group of a message's compressed payload, as received.</summary>
    /// <param name="payload">The group's bytes.</param>
    /// <param name="masked">Whether they are masked.</param>
    /// <param name="mask">The frame's masking key.</param>
    /// <param name="maskOffset">The key byte that applies to <c>payload[0]</c>.</param>
    public void SetInput(ReadOnlyMemory<byte> payload, bool masked, uint mask, int maskOffset)
    {
        _stream ??= new DeflateStream(_input, CompressionMode.Decompress, leaveOpen: true);
        _input.SetInput(payload, masked, mask, maskOffset);
    }

    /// <summary>Keeps a piece of a group that arrives split, unmasked, until the rest of the group is there.</summary>
    /// <param name="piece">The bytes as received; with those kept before, at most <see cref="GroupSize"/>.</param>
    /// <param name="masked">Whether they are masked.</param>
    /// <param name="mask">The frame's masking key.</param>
    /// <param name="maskOffset">The key byte that applies to <c>piece[0]</c>.</param>
    public void Keep(ReadOnlySpan<byte> piece, bool masked, uint mask, int maskOffset)
    {
        _kept ??= ArrayPool<byte>.Shared.Rent(GroupSize);
        var target = _kept.AsSpan(_keptLength, piece.Length);
        if (masked)
        {
            WebSocketMask.Apply(piece, target, mask, maskOffset);
        }
        else
        {
            piece.CopyTo(target);
        }

        _keptLength += piece.Length;
    }

    /// <summary>Sets the group kept so far, now complete, as the input.</summary>
    public void SetKeptInput()
    {
        SetInput(_kept.AsMemory(0, _keptLength), masked: false, mask: 0, maskOffset: 0);
        _keptLength = 0;
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

        ReturnKept();
    }

    /// <summary>Releases the decompressor.</summary>
    public void Dispose()
    {
        DisposeStream();
        ReturnKept();
    }

    private void ReturnKept()
    {
        if (_kept is { } kept)
        {
            // The input may still point into it (after a final block, unread bytes stay there).
            _input.SetInput(default, masked: false, mask: 0, maskOffset: 0);
            _kept = null;
            _keptLength = 0;
            ArrayPool<byte>.Shared.Return(kept);
        }
    }

    private void DisposeStream()
    {
        _stream?.Dispose();
        _stream = null;
        _input.SetInput(default, masked: false, mask: 0, maskOffset: 0);
    }
}