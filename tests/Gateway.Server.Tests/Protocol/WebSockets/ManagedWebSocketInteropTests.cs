using System.Buffers;
using System.Net.WebSockets;
using System.Text;

using Gateway.Server.Protocol.WebSockets;

namespace Gateway.Server.Tests.Protocol.WebSockets;

/// <summary>The BCL's own implementation (ManagedWebSocket, what Kestrel runs) as the peer, in both directions.</summary>
public class ManagedWebSocketInteropTests
{
    public static TheoryData<bool, bool> Modes => new()
    {
        { false, false },
        { true, true },
        { true, false },
    };

    private static readonly string LargeText = string.Concat(Enumerable.Repeat("interop with ManagedWebSocket ✓ ", 5000));

    private static WebSocket Client(Stream stream, bool compress, bool contextTakeover) => WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
    {
        IsServer = false,
        KeepAliveInterval = Timeout.InfiniteTimeSpan,
        DangerousDeflateOptions = compress
            ? new WebSocketDeflateOptions { ClientContextTakeover = contextTakeover, ServerContextTakeover = contextTakeover }
            : null,
    });

    private static PerMessageDeflateParameters? Negotiated(bool compress, bool contextTakeover) =>
        compress ? new PerMessageDeflateParameters(!contextTakeover, !contextTakeover, 0) : null;

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task The_bcl_client_reads_what_the_writer_writes(bool compress, bool contextTakeover)
    {
        using var writer = new WebSocketFrameWriter(Negotiated(compress, contextTakeover));
        var output = new ArrayBufferWriter<byte>();
        writer.WriteText(output, "hello");
        writer.WriteBinary(output, TestFrames.Bytes(70_000));
        WebSocketFrameWriter.WritePing(output, "ping"u8);
        writer.WriteText(output, LargeText);
        writer.WriteText(output, LargeText);
        WebSocketFrameWriter.WriteClose(output, 1001, "going away");

        using var stream = new DuplexTestStream(output.WrittenSpan.ToArray());
        using var client = Client(stream, compress, contextTakeover);

        Assert.Equal("hello", Encoding.UTF8.GetString(await ReceiveMessage(client, WebSocketMessageType.Text)));
        Assert.Equal(TestFrames.Bytes(70_000), await ReceiveMessage(client, WebSocketMessageType.Binary));
        Assert.Equal(LargeText, Encoding.UTF8.GetString(await ReceiveMessage(client, WebSocketMessageType.Text)));
        Assert.Equal(LargeText, Encoding.UTF8.GetString(await ReceiveMessage(client, WebSocketMessageType.Text)));
        var close = await client.ReceiveAsync(new byte[16], CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, close.MessageType);
        Assert.Equal((WebSocketCloseStatus)1001, close.CloseStatus);
        Assert.Equal("going away", close.CloseStatusDescription);

        // It answered the ping with a pong carrying the same payload.
        var answer = TestFrameDecoder.Decode(Unmask(stream.Output.ToArray()));
        Assert.Contains(answer, f => f.Opcode == TestFrames.OpPong && f.Payload.SequenceEqual("ping"u8.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task The_reader_reads_what_the_bcl_client_sends(bool compress, bool contextTakeover)
    {
        using var stream = new DuplexTestStream([]);
        using (var client = Client(stream, compress, contextTakeover))
        {
            await client.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            await client.SendAsync(TestFrames.Bytes(70_000), WebSocketMessageType.Binary, true, CancellationToken.None);
            await client.SendAsync(Encoding.UTF8.GetBytes(LargeText[..1000]), WebSocketMessageType.Text, false, CancellationToken.None);
            await client.SendAsync(Encoding.UTF8.GetBytes(LargeText[1000..]), WebSocketMessageType.Text, true, CancellationToken.None);
            await client.SendAsync(Encoding.UTF8.GetBytes(LargeText), WebSocketMessageType.Text, true, CancellationToken.None);
            await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }

        FrameReaderHarness.AssertEvents(
            stream.Output.ToArray(),
            [Ev.Text("hello"), Ev.Binary(TestFrames.Bytes(70_000)), Ev.Text(LargeText), Ev.Text(LargeText), Ev.Close(1000, "bye")],
            () => new WebSocketFrameReader(deflate: Negotiated(compress, contextTakeover)));
    }

    private static async Task<byte[]> ReceiveMessage(WebSocket client, WebSocketMessageType type)
    {
        var message = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            var result = await client.ReceiveAsync(buffer, CancellationToken.None);
            Assert.Equal(type, result.MessageType);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return message.ToArray();
            }
        }
    }

    // The client's frames are masked; the test decoder reads unmasked ones.
    private static byte[] Unmask(byte[] frames)
    {
        var output = new List<byte>();
        var position = 0;
        while (position < frames.Length)
        {
            var length = frames[position + 1] & 0x7F;
            var header = 2;
            if (length == 126)
            {
                length = (frames[position + 2] << 8) | frames[position + 3];
                header = 4;
            }

            output.Add(frames[position]);
            output.Add((byte)(frames[position + 1] & 0x7F));
            output.AddRange(frames.AsSpan(position + 2, header - 2).ToArray());
            var key = frames.AsSpan(position + header, 4).ToArray();
            for (var i = 0; i < length; i++)
            {
                output.Add((byte)(frames[position + header + 4 + i] ^ key[i % 4]));
            }

            position += header + 4 + length;
        }

        return [.. output];
    }
}