using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Gateway.Server.Protocol.WebSockets;

/// <summary>
/// XORs a payload with a frame's 4-byte masking key (RFC 6455 section 5.3), continuing from any position in the key so
/// a payload can be unmasked piece by piece as it arrives.
/// </summary>
/// <remarks>
/// The key is passed as a <see cref="uint"/> read from the header in memory order (<see cref="MemoryMarshal.Read{T}"/>),
/// so byte <c>i</c> of the payload is XORed with key byte <c>(offset + i) % 4</c>. Rotating that integer by the offset
/// gives a key aligned with the first byte, which repeated fills a vector: the bulk is then one load, one XOR and one
/// store per 64, 32 or 16 bytes, with 8-byte and single-byte steps for the tail.
/// </remarks>
internal static class WebSocketMask
{
    /// <summary>Writes <paramref name="source"/> XOR the key into <paramref name="destination"/> (which may be the same
    /// memory as the source, but must not otherwise overlap it).</summary>
    /// <param name="source">The masked (or unmasked) bytes.</param>
    /// <param name="destination">At least as long as <paramref name="source"/>.</param>
    /// <param name="mask">The masking key, as read from the frame header in memory order.</param>
    /// <param name="offset">The key byte (0-3) that applies to <c>source[0]</c>.</param>
    /// <returns>The key byte that applies to the byte after <paramref name="source"/>.</returns>
    public static int Apply(ReadOnlySpan<byte> source, Span<byte> destination, uint mask, int offset)
    {
        if (destination.Length < source.Length)
        {
            WebSocketThrowHelper.ThrowDestinationTooSmall(nameof(destination));
        }

        var length = (nuint)source.Length;
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        var key = Rotate(mask, offset);
        nuint i = 0;

        if (Vector512.IsHardwareAccelerated && length >= (nuint)Vector512<byte>.Count)
        {
            var keys = Vector512.Create(key).AsByte();
            var last = length - (nuint)Vector512<byte>.Count;
            for (; i <= last; i += (nuint)Vector512<byte>.Count)
            {
                (Vector512.LoadUnsafe(ref src, i) ^ keys).StoreUnsafe(ref dst, i);
            }
        }

        if (Vector256.IsHardwareAccelerated && length - i >= (nuint)Vector256<byte>.Count)
        {
            var keys = Vector256.Create(key).AsByte();
            var last = length - (nuint)Vector256<byte>.Count;
            for (; i <= last; i += (nuint)Vector256<byte>.Count)
            {
                (Vector256.LoadUnsafe(ref src, i) ^ keys).StoreUnsafe(ref dst, i);
            }
        }

        if (Vector128.IsHardwareAccelerated && length - i >= (nuint)Vector128<byte>.Count)
        {
            var keys = Vector128.Create(key).AsByte();
            var last = length - (nuint)Vector128<byte>.Count;
            for (; i <= last; i += (nuint)Vector128<byte>.Count)
            {
                (Vector128.LoadUnsafe(ref src, i) ^ keys).StoreUnsafe(ref dst, i);
            }
        }

        // Every step above advances by a multiple of 4, so the key is still aligned with src[i].
        var key64 = key | ((ulong)key << 32);
        for (; length - i >= 8; i += 8)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, i), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, i)) ^ key64);
        }

        if (length - i >= 4)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, i), Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref src, i)) ^ key);
            i += 4;
        }

        // At most 3 bytes left: peel key bytes off in memory order.
        for (; i < length; i++)
        {
            Unsafe.Add(ref dst, i) = (byte)(Unsafe.Add(ref src, i) ^ FirstByte(key));
            key = Rotate(key, 1);
        }

        return (int)(((uint)offset + (uint)length) & 3);
    }

    /// <summary>The byte-at-a-time version of <see cref="Apply"/>: the reference the tests check it against and the
    /// baseline of the benchmarks.</summary>
    /// <param name="source">The masked (or unmasked) bytes.</param>
    /// <param name="destination">At least as long as <paramref name="source"/>.</param>
    /// <param name="mask">The masking key, as read from the frame header in memory order.</param>
    /// <param name="offset">The key byte (0-3) that applies to <c>source[0]</c>.</param>
    /// <returns>The key byte that applies to the byte after <paramref name="source"/>.</returns>
    public static int ApplyScalar(ReadOnlySpan<byte> source, Span<byte> destination, uint mask, int offset)
    {
        Span<byte> key = stackalloc byte[4];
        MemoryMarshal.Write(key, in mask);
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = (byte)(source[i] ^ key[(offset + i) & 3]);
        }

        return (offset + source.Length) & 3;
    }

    // Moves key byte `offset` (in memory order) to the first memory position.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Rotate(uint key, int offset) =>
        BitConverter.IsLittleEndian ? BitOperations.RotateRight(key, offset * 8) : BitOperations.RotateLeft(key, offset * 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte FirstByte(uint key) => BitConverter.IsLittleEndian ? (byte)key : (byte)(key >> 24);
}