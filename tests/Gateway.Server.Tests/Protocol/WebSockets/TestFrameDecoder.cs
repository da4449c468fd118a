using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Gateway.Server.Tests.Protocol.WebSockets;

/// <summary>One server frame as the test decoder read it.</summary>
internal sealed record DecodedFrame(bool Fin, bool Rsv1, byte Opcode, byte[] Payload, int HeaderLength);

/// <summary>A decoder for what the server writes, independent of the code under test: RFC 6455 section 5.2 read byte by
/// byte, asserting what every server frame must be (unmasked, RSV2/RSV3 clear, minimal length).</summary>
internal static class TestFrameDecoder
{
    public static List<DecodedFrame> Decode(ReadOnlySpan<byte> bytes)
    {
        var frames = new List<DecodedFrame>();
        while (!bytes.IsEmpty)
        {
            var fin = (bytes[0] & 0x80) != 0;
            var rsv1 = (bytes[0] & 0x40) != 0;
            Assert.Equal(0, bytes[0] & 0x30);
            var opcode = (byte)(bytes[0] & 0x0F);
            Assert.Equal(0, bytes[1] & 0x80); // never masked
            long length = bytes[1] & 0x7F;
            var header = 2;
            if (length == 126)
            {
                length = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
                header = 4;
                Assert.True(length >= 126, "minimal length form");
            }
            else if (length == 127)
            {
                length = (long)BinaryPrimitives.ReadUInt64BigEndian(bytes[2..]);
                header = 10;
                Assert.True(length > 0xFFFF, "minimal length form");
            }

            frames.Add(new DecodedFrame(fin, rsv1, opcode, bytes.Slice(header, (int)length).ToArray(), header));
            bytes = bytes[(header + (int)length)..];
        }

        return frames;
    }

    public static DecodedFrame Single(ReadOnlySpan<byte> bytes) => Assert.Single(Decode(bytes));
}

/// <summary>An <see cref="IBufferWriter{T}"/> that hands out exactly the size asked for (1 byte when asked for none), as
/// a pipe near the end of a block may, to exercise every chunking path of the writer.</summary>
internal sealed class ExactBufferWriter : IBufferWriter<byte>
{
    private readonly ArrayBufferWriter<byte> _inner = new();
    private int _handedOut;

    public ReadOnlySpan<byte> WrittenSpan => _inner.WrittenSpan;

    public int Calls { get; private set; }

    public void Advance(int count)
    {
        Assert.InRange(count, 0, _handedOut);
        _inner.Advance(count);
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Calls++;
        _handedOut = Math.Max(sizeHint, 1);
        return _inner.GetMemory(_handedOut)[.._handedOut];
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}

/// <summary>A persistent BCL decompressor for permessage-deflate payloads: context carries over from one message to
/// the next, as a peer with context takeover keeps it.</summary>
internal sealed class TestInflater : IDisposable
{
    private readonly MemoryStream _input = new();
    private readonly DeflateStream _inflater;

    public TestInflater() => _inflater = new DeflateStream(_input, CompressionMode.Decompress, leaveOpen: true);

    public byte[] Inflate(ReadOnlySpan<byte> payload)
    {
        var position = _input.Position;
        _input.Seek(0, SeekOrigin.End);
        _input.Write(payload);
        _input.Write([0x00, 0x00, 0xFF, 0xFF]);
        _input.Position = position;
        var output = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = _inflater.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    public void Dispose()
    {
        _inflater.Dispose();
        _input.Dispose();
    }
}