using System.Buffers;
using System.Text;

using Gateway.Server.Protocol.WebSockets;

using static Gateway.Server.Tests.Protocol.WebSockets.TestFrames;

namespace Gateway.Server.Tests.Protocol.WebSockets;

public class WebSocketFrameWriterTests
{
    private static readonly PerMessageDeflateParameters ContextTakeover = new(false, false, 0);
    private static readonly PerMessageDeflateParameters ServerNoContextTakeover = new(true, false, 0);

    [Theory]
    [InlineData(0, 2)]
    [InlineData(125, 2)]
    [InlineData(126, 4)]
    [InlineData(65535, 4)]
    [InlineData(65536, 10)]
    [InlineData(1_000_000, 10)]
    public void Binary_frames_use_the_minimal_length_form(int length, int headerLength)
    {
        using var writer = new WebSocketFrameWriter();
        var output = new ArrayBufferWriter<byte>();
        var data = Bytes(length);

        writer.WriteBinary(output, data);

        var frame = TestFrameDecoder.Single(output.WrittenSpan);
        Assert.Equal(new DecodedFrame(true, false, OpBinary, frame.Payload, headerLength), frame);
        Assert.Equal(data, frame.Payload);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("κόσμε 日本語 🎉")]
    public void Text_from_a_string_is_its_utf8(string text)
    {
        using var writer = new WebSocketFrameWriter();
        var output = new ArrayBufferWriter<byte>();

        writer.WriteText(output, text);

        var frame = TestFrameDecoder.Single(output.WrittenSpan);
        Assert.Equal(OpText, frame.Opcode);
        Assert.Equal(Encoding.UTF8.GetBytes(text), frame.Payload);
    }

    [Fact]
    public void Long_text_is_encoded_in_chunks_without_splitting_characters()
    {
        using var writer = new WebSocketFrameWriter();
        var output = new ExactBufferWriter();
        var text = string.Concat(Enumerable.Repeat("a🎉€é", 30_000)); // pairs and 3-byte characters straddle every chunk edge

        writer.WriteText(output, text);

        Assert.Equal(Encoding.UTF8.GetBytes(text), TestFrameDecoder.Single(output.WrittenSpan).Payload);
        Assert.True(output.Calls > 10, "written in several spans, never one large one");
    }

    [Fact]
    public void A_lone_surrogate_becomes_a_replacement_character_as_encoding_utf8_does()
    {
        using var writer = new WebSocketFrameWriter();
        var output = new ArrayBufferWriter<byte>();

        writer.WriteText(output, "a\uD800b");

        Assert.Equal("61EFBFBD62", Convert.ToHexString(TestFrameDecoder.Single(output.WrittenSpan).Payload));
    }

    [Fact]
    public void Large_binary_payloads_are_copied_in_whatever_spans_the_output_offers()
    {
        using var writer = new WebSocketFrameWriter();
        var output = new ExactBufferWriter();
        var data = Bytes(70_000);

        writer.WriteBinary(output, data);

        Assert.Equal(data, TestFrameDecoder.Single(output.WrittenSpan).Payload);
    }

    [Fact]
    public void Messages_from_the_contract_are_written_as_text_or_binary()
    {
        using var writer = new WebSocketFrameWriter();
        var output = new ArrayBufferWriter<byte>();

        writer.WriteMessage(output, new WebSocketSend("text"));
        writer.WriteMessage(output, new WebSocketSend(new byte[] { 1, 2 }));
        writer.WriteMessage(output, WebSocketSend.FromUtf8Text("utf8"u8.ToArray()));
        writer.WriteText(output, "bytes"u8);

        var frames = TestFrameDecoder.Decode(output.WrittenSpan);
        Assert.Equal([OpText, OpBinary, OpText, OpText], frames.Select(f => f.Opcode));
        Assert.Equal("text", Encoding.UTF8.GetString(frames[0].Payload));
        Assert.Equal([1, 2], frames[1].Payload);
        Assert.Equal("utf8", Encoding.UTF8.GetString(frames[2].Payload));
        Assert.Equal("bytes", Encoding.UTF8.GetString(frames[3].Payload));
    }

    [Fact]
    public void Ping_and_pong_carry_up_to_125_bytes()
    {
        var output = new ArrayBufferWriter<byte>();

        WebSocketFrameWriter.WritePing(output, Bytes(125));
        WebSocketFrameWriter.WritePong(output, []);

        var frames = TestFrameDecoder.Decode(output.WrittenSpan);
        Assert.Equal(new DecodedFrame(true, false, OpPing, frames[0].Payload, 2), frames[0]);
        Assert.Equal(Bytes(125), frames[0].Payload);
        Assert.Equal(new DecodedFrame(true, false, OpPong, frames[1].Payload, 2), frames[1]);
        Assert.Empty(frames[1].Payload);
        Assert.Throws<ArgumentException>(() => WebSocketFrameWriter.WritePing(output, new byte[126]));
    }

    [Fact]
    public void Close_frames_carry_the_code_and_reason()
    {
        var output = new ArrayBufferWriter<byte>();

        WebSocketFrameWriter.WriteClose(output, 1000, "bye");
        WebSocketFrameWriter.WriteClose(output, 4321);
        WebSocketFrameWriter.WriteClose(output, 1005);
        WebSocketFrameWriter.WriteCloseUtf8(output, 1001, "é"u8);

        var frames = TestFrameDecoder.Decode(output.WrittenSpan);
        Assert.All(frames, f => Assert.Equal(OpClose, f.Opcode));
        Assert.Equal("03E8627965", Convert.ToHexString(frames[0].Payload));
        Assert.Equal("10E1", Convert.ToHexString(frames[1].Payload));
        Assert.Empty(frames[2].Payload); // 1005 means "no code": an empty close frame
        Assert.Equal("03E9C3A9", Convert.ToHexString(frames[3].Payload));
    }

    [Theory]
    [InlineData(999)]
    [InlineData(1004)]
    [InlineData(1006)]
    [InlineData(1015)]
    [InlineData(2999)]
    [InlineData(5000)]
    public void Close_codes_not_valid_on_the_wire_are_refused(int code)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WebSocketFrameWriter.WriteClose(new ArrayBufferWriter<byte>(), code));
    }

    [Fact]
    public void Close_reasons_are_limited_to_123_bytes_of_valid_utf8()
    {
        var output = new ArrayBufferWriter<byte>();
        WebSocketFrameWriter.WriteClose(output, 1000, new string('x', 123));
        Assert.Equal(125, TestFrameDecoder.Single(output.WrittenSpan).Payload.Length);

        Assert.Throws<ArgumentException>(() => WebSocketFrameWriter.WriteClose(output, 1000, new string('x', 124)));
        Assert.Throws<ArgumentException>(() => WebSocketFrameWriter.WriteClose(output, 1000, new string('é', 62)));
        Assert.Throws<ArgumentException>(() => WebSocketFrameWriter.WriteCloseUtf8(output, 1000, [0xC0, 0x80]));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebSocketFrameWriter.WriteClose(output, 1005, "a reason needs a code"));
    }

    [Fact]
    public void With_deflate_messages_are_compressed_with_rsv1_and_inflate_with_the_bcl()
    {
        using var writer = new WebSocketFrameWriter(ContextTakeover);
        var output = new ArrayBufferWriter<byte>();
        var text = string.Concat(Enumerable.Repeat("server text, compressible 🎉 ", 300));
        var data = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0123456789", 1000)));

        writer.WriteText(output, text);
        writer.WriteBinary(output, data);

        var frames = TestFrameDecoder.Decode(output.WrittenSpan);
        Assert.All(frames, f => Assert.True(f.Rsv1 && f.Fin));
        using var inflater = new TestInflater();
        Assert.Equal(Encoding.UTF8.GetBytes(text), inflater.Inflate(frames[0].Payload));
        Assert.Equal(data, inflater.Inflate(frames[1].Payload));
        Assert.True(frames[1].Payload.Length < data.Length / 10);
    }

    [Fact]
    public void With_context_takeover_a_repeated_message_compresses_to_a_back_reference()
    {
        using var writer = new WebSocketFrameWriter(ContextTakeover);
        var output = new ArrayBufferWriter<byte>();
        var message = "{\"event\":\"tick\",\"symbol\":\"GATEWAY\",\"price\":101.25,\"volume\":12000}";

        writer.WriteText(output, message);
        writer.WriteText(output, message);
        writer.WriteText(output, message);

        var frames = TestFrameDecoder.Decode(output.WrittenSpan);
        Assert.True(frames[1].Payload.Length < frames[0].Payload.Length / 3);
        using var inflater = new TestInflater();
        Assert.All(frames, f => Assert.Equal(message, Encoding.UTF8.GetString(inflater.Inflate(f.Payload))));
    }

    [Fact]
    public void Without_context_takeover_each_message_inflates_on_its_own()
    {
        using var writer = new WebSocketFrameWriter(ServerNoContextTakeover);
        var output = new ArrayBufferWriter<byte>();
        var message = "the same message, compressed from scratch each time";

        writer.WriteText(output, message);
        writer.WriteText(output, message);
        writer.WriteBinary(output, Encoding.UTF8.GetBytes(message));

        var frames = TestFrameDecoder.Decode(output.WrittenSpan);
        Assert.Equal(frames[0].Payload, frames[1].Payload);
        Assert.All(frames, f => Assert.Equal(message, Encoding.UTF8.GetString(Inflate(f.Payload))));
    }

    [Fact]
    public void Messages_below_the_threshold_go_uncompressed_and_leave_the_context_alone()
    {
        using var writer = new WebSocketFrameWriter(ContextTakeover, new WebSocketCompressionOptions { MinMessageSize = 10 });
        var output = new ArrayBufferWriter<byte>();

        writer.WriteText(output, "a compressible message");
        writer.WriteText(output, "short");
        writer.WriteBinary(output, [1, 2, 3]);
        writer.WriteText(output, "a compressible message");
        writer.WriteText(output, "€€€€"); // 4 characters, 12 bytes: over the threshold

        var frames = TestFrameDecoder.Decode(output.WrittenSpan);
        Assert.Equal([true, false, false, true, true], frames.Select(f => f.Rsv1));
        Assert.Equal("short", Encoding.UTF8.GetString(frames[1].Payload));
        using var inflater = new TestInflater();
        Assert.Equal("a compressible message", Encoding.UTF8.GetString(inflater.Inflate(frames[0].Payload)));
        Assert.Equal("a compressible message", Encoding.UTF8.GetString(inflater.Inflate(frames[3].Payload)));
        Assert.Equal("€€€€", Encoding.UTF8.GetString(inflater.Inflate(frames[4].Payload)));
    }

    [Fact]
    public void Control_frames_are_never_compressed()
    {
        var output = new ArrayBufferWriter<byte>();
        WebSocketFrameWriter.WritePing(output, Bytes(100));

        Assert.False(TestFrameDecoder.Single(output.WrittenSpan).Rsv1);
    }

    [Fact]
    public void What_the_writer_writes_the_reader_reads_back()
    {
        foreach (var deflate in new PerMessageDeflateParameters?[] { null, ContextTakeover, new(true, true, 15) })
        {
            using var writer = new WebSocketFrameWriter(deflate);
            var output = new ArrayBufferWriter<byte>();
            var large = string.Concat(Enumerable.Repeat("round trip ✓ ", 10_000));
            writer.WriteText(output, "hello");
            writer.WriteBinary(output, Bytes(70_000));
            writer.WriteText(output, large);
            WebSocketFrameWriter.WritePing(output, "p"u8);
            writer.WriteText(output, large);
            WebSocketFrameWriter.WriteClose(output, 1000, "bye");

            FrameReaderHarness.AssertEvents(
                output.WrittenSpan.ToArray(),
                [Ev.Text("hello"), Ev.Binary(Bytes(70_000)), Ev.Text(large), Ev.Ping("p"), Ev.Text(large), Ev.Close(1000, "bye")],
                () => new WebSocketFrameReader(deflate: deflate, isServer: false));
        }
    }

    [Fact]
    public void Writing_uncompressed_frames_allocates_nothing()
    {
        using var writer = new WebSocketFrameWriter();
        var output = new ArrayBufferWriter<byte>(100_000);
        var data = Bytes(1024);
        WriteAll();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            output.ResetWrittenCount();
            WriteAll();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void WriteAll()
        {
            writer.WriteBinary(output, data);
            writer.WriteText(output, "text from a string, encoded in place");
            WebSocketFrameWriter.WritePong(output, data.AsSpan(0, 10));
            WebSocketFrameWriter.WriteClose(output, 1000, "reason");
        }
    }
}