using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Gateway.Server.Tests.Protocol.WebSockets;

/// <summary>How a test frame encodes its payload length.</summary>
public enum LengthForm
{
    Minimal,
    Force16,
    Force64,
}

/// <summary>
/// An encoder for test input, independent of the code under test: builds frames byte by byte from RFC 6455 section 5.2,
/// masking with a random key, and compresses with the BCL's DeflateStream as a client would.
/// </summary>
internal static class TestFrames
{
    public const byte OpContinuation = 0x0;
    public const byte OpText = 0x1;
    public const byte OpBinary = 0x2;
    public const byte OpClose = 0x8;
    public const byte OpPing = 0x9;
    public const byte OpPong = 0xA;

    public static byte[] Frame(
        byte opcode,
        ReadOnlySpan<byte> payload,
        bool fin = true,
        bool masked = true,
        bool rsv1 = false,
        bool rsv2 = false,
        bool rsv3 = false,
        LengthForm form = LengthForm.Minimal,
        ulong? declaredLength = null)
    {
        var length = declaredLength ?? (ulong)payload.Length;
        var header = new List<byte>
        {
            (byte)((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (rsv2 ? 0x20 : 0) | (rsv3 ? 0x10 : 0) | opcode),
        };
        var maskBit = masked ? 0x80 : 0;
        if (form == LengthForm.Minimal && length <= 125)
        {
            header.Add((byte)(maskBit | (int)length));
        }
        else if (form != LengthForm.Force64 && length <= 0xFFFF)
        {
            header.Add((byte)(maskBit | 126));
            header.Add((byte)(length >> 8));
            header.Add((byte)length);
        }
        else
        {
            header.Add((byte)(maskBit | 127));
            for (var shift = 56; shift >= 0; shift -= 8)
            {
                header.Add((byte)(length >> shift));
            }
        }

        var body = payload.ToArray();
        if (masked)
        {
            var key = new byte[4];
            Random.Shared.NextBytes(key);
            header.AddRange(key);
            for (var i = 0; i < body.Length; i++)
            {
                body[i] ^= key[i % 4];
            }
        }

        return [.. header, .. body];
    }

    public static byte[] Text(string text, bool fin = true, bool masked = true) => Frame(OpText, Encoding.UTF8.GetBytes(text), fin, masked);

    public static byte[] Binary(byte[] data, bool fin = true, bool masked = true) => Frame(OpBinary, data, fin, masked);

    public static byte[] PingFrame(string payload = "") => Frame(OpPing, Encoding.UTF8.GetBytes(payload));

    public static byte[] PongFrame(string payload = "") => Frame(OpPong, Encoding.UTF8.GetBytes(payload));

    public static byte[] CloseFrame(int code, string reason = "") => Frame(OpClose, ClosePayload(code, Encoding.UTF8.GetBytes(reason)));

    public static byte[] ClosePayload(int code, byte[] reason)
    {
        var payload = new byte[2 + reason.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
        reason.CopyTo(payload, 2);
        return payload;
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];

    public static byte[] Bytes(int length, int seed = 1)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Compresses one message as a permessage-deflate sender does: a sync flush, then the trailing 00 00 FF FF
    /// stripped. Pass the same stream for every message to keep the context.</summary>
    public static byte[] Deflate(DeflateStream compressor, MemoryStream sink, ReadOnlySpan<byte> message)
    {
        sink.SetLength(0);
        compressor.Write(message);
        compressor.Flush();
        var compressed = sink.ToArray();
        Assert.True(compressed.AsSpan(compressed.Length - 4).SequenceEqual(new byte[] { 0, 0, 0xFF, 0xFF }));
        return compressed[..^4];
    }

    /// <summary>Compresses one message with a fresh compressor (no context takeover).</summary>
    public static byte[] Deflate(ReadOnlySpan<byte> message)
    {
        var sink = new MemoryStream();
        using var compressor = new DeflateStream(sink, CompressionLevel.Optimal, leaveOpen: true);
        return Deflate(compressor, sink, message);
    }

    /// <summary>Inflates a permessage-deflate payload with the BCL (appending the stripped 00 00 FF FF).</summary>
    public static byte[] Inflate(ReadOnlySpan<byte> compressed)
    {
        using var source = new MemoryStream([.. compressed, 0x00, 0x00, 0xFF, 0xFF]);
        using var inflater = new DeflateStream(source, CompressionMode.Decompress);
        var output = new MemoryStream();
        inflater.CopyTo(output);
        return output.ToArray();
    }
}