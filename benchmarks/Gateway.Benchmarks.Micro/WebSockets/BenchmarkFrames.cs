using System.Text;

namespace Gateway.Benchmarks.Micro.WebSockets;

/// <summary>What kind of frame a reader benchmark parses.</summary>
public enum FrameKind
{
    /// <summary>A binary frame from a client: masked.</summary>
    MaskedBinary,

    /// <summary>A text frame from a client: masked, and its UTF-8 validated.</summary>
    MaskedText,

    /// <summary>A binary frame from a server (the client role): no unmasking.</summary>
    UnmaskedBinary,
}

/// <summary>Builds the frames the benchmarks parse.</summary>
internal static class BenchmarkFrames
{
    /// <summary>JSON-like ASCII text, the typical WebSocket payload.</summary>
    public static byte[] Payload(int size, bool text)
    {
        var payload = new byte[size];
        if (text)
        {
            var sample = Encoding.UTF8.GetBytes("{\"event\":\"tick\",\"symbol\":\"GW\",\"price\":101.25,\"volume\":12000}");
            for (var i = 0; i < size; i++)
            {
                payload[i] = sample[i % sample.Length];
            }
        }
        else
        {
            new Random(42).NextBytes(payload);
        }

        return payload;
    }

    public static byte[] Frame(byte opcode, ReadOnlySpan<byte> payload, bool masked)
    {
        var header = new List<byte> { (byte)(0x80 | opcode) };
        var maskBit = masked ? 0x80 : 0;
        if (payload.Length <= 125)
        {
            header.Add((byte)(maskBit | payload.Length));
        }
        else if (payload.Length <= 0xFFFF)
        {
            header.AddRange([(byte)(maskBit | 126), (byte)(payload.Length >> 8), (byte)payload.Length]);
        }
        else
        {
            header.Add((byte)(maskBit | 127));
            for (var shift = 56; shift >= 0; shift -= 8)
            {
                header.Add((byte)((long)payload.Length >> shift));
            }
        }

        var body = payload.ToArray();
        if (masked)
        {
            byte[] key = [0x37, 0xFA, 0x21, 0x3D];
            header.AddRange(key);
            for (var i = 0; i < body.Length; i++)
            {
                body[i] ^= key[i % 4];
            }
        }

        return [.. header, .. body];
    }
}