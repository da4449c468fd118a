using System.Runtime.InteropServices;

using Gateway.Server.Protocol.WebSockets;

namespace Gateway.Server.Tests.Protocol.WebSockets;

public class WebSocketMaskTests
{
    [Fact]
    public void The_vectorized_mask_matches_the_byte_by_byte_definition_for_every_length_and_offset()
    {
        var key = new byte[] { 0x37, 0xFA, 0x21, 0x3D };
        var mask = MemoryMarshal.Read<uint>(key);
        var source = TestFrames.Bytes(300);
        for (var length = 0; length <= source.Length; length++)
        {
            for (var offset = 0; offset < 4; offset++)
            {
                var expected = new byte[length];
                for (var i = 0; i < length; i++)
                {
                    expected[i] = (byte)(source[i] ^ key[(offset + i) % 4]);
                }

                var vector = new byte[length];
                var scalar = new byte[length];
                var nextVector = WebSocketMask.Apply(source.AsSpan(0, length), vector, mask, offset);
                var nextScalar = WebSocketMask.ApplyScalar(source.AsSpan(0, length), scalar, mask, offset);

                Assert.Equal(expected, vector);
                Assert.Equal(expected, scalar);
                Assert.Equal((offset + length) % 4, nextVector);
                Assert.Equal(nextVector, nextScalar);
            }
        }
    }

    [Fact]
    public void Masking_in_pieces_continues_the_key()
    {
        var mask = 0xDEADBEEFu;
        var source = TestFrames.Bytes(1000);
        var whole = new byte[1000];
        WebSocketMask.Apply(source, whole, mask, 0);

        var pieces = new byte[1000];
        var offset = 0;
        var position = 0;
        foreach (var size in TestSequence.Sizes(1000))
        {
            offset = WebSocketMask.Apply(source.AsSpan(position, size), pieces.AsSpan(position), mask, offset);
            position += size;
        }

        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void Masking_in_place_works_and_applying_twice_restores()
    {
        var original = TestFrames.Bytes(257);
        var data = (byte[])original.Clone();

        WebSocketMask.Apply(data, data, 0x01020304, 3);
        Assert.NotEqual(original, data);
        WebSocketMask.Apply(data, data, 0x01020304, 3);
        Assert.Equal(original, data);
    }

    [Fact]
    public void A_destination_shorter_than_the_source_is_refused()
    {
        Assert.Throws<ArgumentException>(() => WebSocketMask.Apply(new byte[5], new byte[4], 1, 0));
    }
}