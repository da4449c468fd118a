using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Gateway.Server.Protocol.WebSockets;

/// <summary>
/// Validates UTF-8 that arrives in pieces (frame payload chunks, fragments, inflated output), failing as soon as a byte
/// makes the text invalid, not when the message ends (RFC 6455 section 8.1: fail the connection "when an endpoint is to
/// interpret a byte stream as UTF-8 but finds that the byte stream is not, in fact, a valid UTF-8 stream").
/// </summary>
/// <remarks>
/// <para>Rules:</para>
/// <list type="bullet">
/// <item>A chunk's complete sequences are checked in bulk with the vectorized <see cref="Utf8.IsValid"/>.</item>
/// <item>Up to 3 bytes of a sequence cut at the end of a chunk are carried to the next one. They are carried only if some
/// continuation could still make them valid: <see cref="Rune.DecodeFromUtf8"/> tells <see cref="OperationStatus.NeedMoreData"/>
/// (a valid prefix such as <c>F0 9F</c>) from <see cref="OperationStatus.InvalidData"/> (a prefix no continuation can save,
/// such as <c>C0</c>, <c>F5</c>, <c>E0 80</c> (overlong), <c>ED A0</c> (surrogate) or <c>F4 90</c> (above U+10FFFF)).</item>
/// <item>The text is complete only when nothing is carried (<see cref="IsComplete"/>); a message that ends mid-sequence is
/// invalid.</item>
/// </list>
/// A mutable struct, held in a field of its owner and reset per message; it allocates nothing.
/// </remarks>
internal struct Utf8StreamValidator
{
    private uint _pending;
    private int _pendingCount;

    /// <summary>Whether everything appended so far is complete, valid UTF-8 (no sequence is cut).</summary>
    public readonly bool IsComplete => _pendingCount == 0;

    /// <summary>Forgets any carried bytes, to validate a new text.</summary>
    public void Reset()
    {
        _pending = 0;
        _pendingCount = 0;
    }

    /// <summary>Validates the next piece of the text.</summary>
    /// <param name="bytes">The bytes that follow everything appended before.</param>
    /// <returns><see langword="false"/> as soon as the text can no longer be valid UTF-8, whatever follows.</returns>
    public bool Append(ReadOnlySpan<byte> bytes)
    {
        if (_pendingCount != 0)
        {
            var used = CompletePending(bytes);
            if (used < 0)
            {
                return false;
            }

            bytes = bytes[used..];
            if (_pendingCount != 0)
            {
                return true; // the chunk ended before the carried sequence did
            }
        }

        var tail = IncompleteTailStart(bytes);
        if (!Utf8.IsValid(bytes[..tail]))
        {
            return false;
        }

        return tail == bytes.Length || Carry(bytes[tail..]);
    }

    // Where a sequence cut by the end of the chunk starts (bytes.Length when the chunk ends on a boundary, or when the end
    // is invalid anyway: the bulk check then reports it).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IncompleteTailStart(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= 3 && back <= bytes.Length; back++)
        {
            var b = bytes[^back];
            if (b < 0x80)
            {
                return bytes.Length; // ASCII ends the chunk
            }

            if (b >= 0xC0)
            {
                // A lead byte: the sequence is cut if it needs more bytes than are left.
                var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return needed > back ? bytes.Length - back : bytes.Length;
            }

            // A continuation byte: keep looking back for its lead.
        }

        return bytes.Length;
    }

    // Carries a cut sequence (1-3 bytes) if it is a valid prefix.
    private bool Carry(ReadOnlySpan<byte> tail)
    {
        if (Rune.DecodeFromUtf8(tail, out _, out var consumed) != OperationStatus.NeedMoreData || consumed != tail.Length)
        {
            return false;
        }

        _pending = 0;
        for (var i = 0; i < tail.Length; i++)
        {
            _pending |= (uint)tail[i] << (8 * i);
        }

        _pendingCount = tail.Length;
        return true;
    }

    // Feeds the carried sequence byte by byte from the new chunk; returns how many bytes of the chunk it used, or -1 when
    // the sequence turned out invalid. Leaves the sequence carried (longer) when the chunk runs out first.
    private int CompletePending(ReadOnlySpan<byte> bytes)
    {
        Span<byte> sequence = stackalloc byte[4];
        var count = _pendingCount;
        for (var i = 0; i < count; i++)
        {
            sequence[i] = (byte)(_pending >> (8 * i));
        }

        var used = 0;
        while (used < bytes.Length)
        {
            sequence[count++] = bytes[used++];
            switch (Rune.DecodeFromUtf8(sequence[..count], out _, out _))
            {
                case OperationStatus.Done:
                    Reset();
                    return used;
                case OperationStatus.NeedMoreData:
                    continue;
                default:
                    return -1;
            }
        }

        _pending = 0;
        for (var i = 0; i < count; i++)
        {
            _pending |= (uint)sequence[i] << (8 * i);
        }

        _pendingCount = count;
        return used;
    }
}