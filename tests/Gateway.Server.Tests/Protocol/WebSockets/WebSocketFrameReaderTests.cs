using System.Buffers;
using System.Text;

using Gateway.Server.Protocol.WebSockets;

using static Gateway.Server.Tests.Protocol.WebSockets.FrameReaderHarness;
using static Gateway.Server.Tests.Protocol.WebSockets.TestFrames;

namespace Gateway.Server.Tests.Protocol.WebSockets;

public class WebSocketFrameReaderTests
{
    private const int ProtocolError = 1002;
    private const int MessageTooBig = 1009;

    private static readonly PerMessageDeflateParameters Deflate = new(false, false, 0);

    [Fact]
    public void A_masked_text_frame_is_a_text_message()
    {
        AssertEvents(TestFrames.Text("hello"), [Ev.Text("hello")]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(127)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(100_000)]
    public void Payload_lengths_in_each_length_form(int length)
    {
        var data = Bytes(length, seed: length);
        var text = new string('é', length / 2) + new string('a', length % 2); // multi-byte text, split everywhere by trickling

        AssertEvents(Concat(TestFrames.Binary(data), TestFrames.Text(text)), [Ev.Binary(data), Ev.Text(text)]);
    }

    [Fact]
    public void A_16_MiB_message_is_exactly_the_limit()
    {
        var data = Bytes(16 * 1024 * 1024);

        // 16M reads of one byte would take minutes; byte-by-byte delivery is covered up to 100 000 bytes above.
        AssertEvents(TestFrames.Binary(data), [Ev.Binary(data)], deliveries: [Delivery.Whole, Delivery.Segmented, Delivery.Chunked]);
    }

    [Fact]
    public void A_frame_declaring_one_byte_over_the_limit_fails_with_1009_on_its_header_alone()
    {
        var header = Frame(OpBinary, [], declaredLength: (16 * 1024 * 1024) + 1);

        AssertError(header, MessageTooBig, failsAtByte: header.Length - 1);
    }

    [Fact]
    public void Fragments_over_the_limit_fail_at_the_header_of_the_fragment_that_passes_it()
    {
        var first = Frame(OpBinary, Bytes(600), fin: false);
        var second = Frame(OpContinuation, Bytes(400), fin: false);
        var third = Frame(OpContinuation, [], declaredLength: 25);
        var input = Concat(first, second, third);

        AssertError(input, MessageTooBig, failsAtByte: input.Length - 1, createReader: () => new WebSocketFrameReader(maxMessageSize: 1024));
    }

    [Fact]
    public void The_limit_counts_the_whole_message_not_each_frame()
    {
        var input = Concat(Frame(OpBinary, Bytes(1000), fin: false), Frame(OpContinuation, Bytes(24)), TestFrames.Binary(Bytes(1024)));

        AssertEvents(input, [Ev.Binary([.. Bytes(1000), .. Bytes(24)]), Ev.Binary(Bytes(1024))], () => new WebSocketFrameReader(maxMessageSize: 1024));
    }

    [Fact]
    public void A_16_MiB_frame_is_consumed_as_it_arrives_never_buffered_in_the_pipe()
    {
        var data = Bytes(16 * 1024 * 1024);
        var outcome = Run(TestFrames.Binary(data), Delivery.Chunked, () => new WebSocketFrameReader());

        Assert.Null(outcome.Error);
        Assert.True(outcome.MaxUnconsumed < 14);
    }

    [Fact]
    public void Fragmented_messages_are_reassembled_around_interleaved_control_frames()
    {
        var input = Concat(
            TestFrames.Text("Hel", fin: false),
            PingFrame("p1"),
            Frame(OpContinuation, "lo, "u8, fin: false),
            PongFrame("p2"),
            PingFrame(),
            Frame(OpContinuation, "world"u8),
            TestFrames.Binary([1, 2, 3], fin: false),
            PingFrame("p3"),
            Frame(OpContinuation, [4]));

        AssertEvents(input, [Ev.Ping("p1"), Ev.Pong("p2"), Ev.Ping(), Ev.Text("Hello, world"), Ev.Ping("p3"), Ev.Binary([1, 2, 3, 4])]);
    }

    [Fact]
    public void Empty_fragments_are_allowed()
    {
        var input = Concat(Frame(OpText, [], fin: false), Frame(OpContinuation, [], fin: false), Frame(OpContinuation, "x"u8, fin: false), Frame(OpContinuation, []));

        AssertEvents(input, [Ev.Text("x")]);
    }

    [Fact]
    public void Several_messages_in_one_read_each_produce_an_event()
    {
        var input = Concat(TestFrames.Text("a"), TestFrames.Binary([9]), TestFrames.Text(""), PingFrame("x"), TestFrames.Text("b"));

        AssertEvents(input, [Ev.Text("a"), Ev.Binary([9]), Ev.Text(""), Ev.Ping("x"), Ev.Text("b")]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(125)]
    public void Ping_and_pong_payloads_up_to_125_bytes(int length)
    {
        var payload = Bytes(length);

        AssertEvents(Concat(Frame(OpPing, payload), Frame(OpPong, payload)), [Ev.Ping(payload), $"pong:{Convert.ToHexString(payload)}"]);
    }

    [Fact]
    public void An_empty_close_frame_reports_1005()
    {
        AssertEvents(Frame(OpClose, []), [Ev.Close(1005)]);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1001)]
    [InlineData(1002)]
    [InlineData(1003)]
    [InlineData(1007)]
    [InlineData(1008)]
    [InlineData(1009)]
    [InlineData(1010)]
    [InlineData(1011)]
    [InlineData(1012)]
    [InlineData(1013)]
    [InlineData(1014)]
    [InlineData(3000)]
    [InlineData(3999)]
    [InlineData(4000)]
    [InlineData(4999)]
    public void Close_codes_valid_on_the_wire_are_reported(int code)
    {
        AssertEvents(CloseFrame(code), [Ev.Close(code)]);
    }

    [Fact]
    public void A_close_reason_is_reported_up_to_123_bytes()
    {
        var reason = new string('r', 60) + new string('ü', 31); // 122 bytes of UTF-8

        AssertEvents(CloseFrame(1000, "bye"), [Ev.Close(1000, "bye")]);
        AssertEvents(CloseFrame(4001, reason), [Ev.Close(4001, reason)]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(999)]
    [InlineData(1004)]
    [InlineData(1005)]
    [InlineData(1006)]
    [InlineData(1015)]
    [InlineData(1016)]
    [InlineData(1100)]
    [InlineData(2000)]
    [InlineData(2999)]
    [InlineData(5000)]
    [InlineData(65535)]
    public void Close_codes_not_allowed_on_the_wire_fail_with_1002(int code)
    {
        AssertError(CloseFrame(code), ProtocolError);
    }

    [Fact]
    public void A_close_payload_of_one_byte_fails_with_1002()
    {
        AssertError(Frame(OpClose, [0x03]), ProtocolError);
    }

    [Fact]
    public void A_close_reason_that_is_not_utf8_fails_with_1007()
    {
        AssertError(Frame(OpClose, [0x03, 0xE8, 0xC0, 0xAF]), 1007);
    }

    [Fact]
    public void Everything_after_a_close_frame_is_discarded()
    {
        var input = Concat(TestFrames.Text("a"), CloseFrame(1000), TestFrames.Text("ignored"), [0xFF, 0xFF, 0xFF]);

        AssertEvents(input, [Ev.Text("a"), Ev.Close(1000)]);
    }

    [Fact]
    public void A_close_frame_in_the_middle_of_a_fragmented_message_ends_the_reading()
    {
        AssertEvents(Concat(TestFrames.Text("par", fin: false), CloseFrame(1001), Frame(OpContinuation, "t"u8)), [Ev.Close(1001)]);
    }

    [Fact]
    public void An_unmasked_client_frame_fails_with_1002_on_its_second_byte()
    {
        AssertError(TestFrames.Text("hi", masked: false), ProtocolError, failsAtByte: 1);
    }

    [Fact]
    public void In_the_client_role_unmasked_frames_are_read_and_masked_ones_fail()
    {
        AssertEvents(TestFrames.Text("hi", masked: false), [Ev.Text("hi")], () => new WebSocketFrameReader(isServer: false));
        AssertError(TestFrames.Text("hi"), ProtocolError, failsAtByte: 1, createReader: () => new WebSocketFrameReader(isServer: false));
    }

    [Fact]
    public void Rsv1_without_negotiated_deflate_fails_with_1002_on_the_first_byte()
    {
        AssertError(Frame(OpText, "x"u8, rsv1: true), ProtocolError, failsAtByte: 0);
    }

    [Fact]
    public void Rsv2_and_rsv3_always_fail_with_1002()
    {
        AssertError(Frame(OpBinary, [1], rsv2: true), ProtocolError, failsAtByte: 0);
        AssertError(Frame(OpBinary, [1], rsv3: true), ProtocolError, failsAtByte: 0);
        AssertError(Frame(OpBinary, [1], rsv2: true), ProtocolError, failsAtByte: 0, createReader: () => new WebSocketFrameReader(deflate: Deflate));
    }

    [Fact]
    public void Rsv1_on_a_continuation_frame_fails_with_1002_even_with_deflate()
    {
        var input = Concat(Frame(OpBinary, Deflate([1, 2, 3]), fin: false, rsv1: true), Frame(OpContinuation, [], rsv1: true));

        AssertError(input, ProtocolError, failsAtByte: input.Length - 6, createReader: () => new WebSocketFrameReader(deflate: Deflate));
    }

    [Theory]
    [InlineData(OpPing)]
    [InlineData(OpPong)]
    [InlineData(OpClose)]
    public void Rsv1_on_a_control_frame_fails_with_1002_even_with_deflate(byte opcode)
    {
        AssertError(Frame(opcode, [], rsv1: true), ProtocolError, failsAtByte: 0, createReader: () => new WebSocketFrameReader(deflate: Deflate));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(0xB)]
    [InlineData(0xC)]
    [InlineData(0xD)]
    [InlineData(0xE)]
    [InlineData(0xF)]
    public void Reserved_opcodes_fail_with_1002_on_the_first_byte(byte opcode)
    {
        AssertError(Frame(opcode, [1, 2]), ProtocolError, failsAtByte: 0);
    }

    [Theory]
    [InlineData(OpPing)]
    [InlineData(OpPong)]
    [InlineData(OpClose)]
    public void A_control_frame_over_125_bytes_fails_with_1002_on_its_second_byte(byte opcode)
    {
        AssertError(Frame(opcode, Bytes(126)), ProtocolError, failsAtByte: 1);
    }

    [Theory]
    [InlineData(OpPing)]
    [InlineData(OpPong)]
    [InlineData(OpClose)]
    public void A_fragmented_control_frame_fails_with_1002(byte opcode)
    {
        AssertError(Frame(opcode, [1], fin: false), ProtocolError, failsAtByte: 0);
    }

    [Fact]
    public void A_continuation_without_a_message_fails_with_1002()
    {
        AssertError(Frame(OpContinuation, "x"u8), ProtocolError, failsAtByte: 0);
        AssertError(Concat(TestFrames.Text("done"), Frame(OpContinuation, "x"u8)), ProtocolError, [Ev.Text("done")]);
    }

    [Fact]
    public void A_new_data_frame_during_a_fragmented_message_fails_with_1002()
    {
        var first = TestFrames.Text("part", fin: false);

        AssertError(Concat(first, TestFrames.Text("new")), ProtocolError, failsAtByte: first.Length);
        AssertError(Concat(first, PingFrame(), TestFrames.Binary([1])), ProtocolError, [Ev.Ping()]);
    }

    [Fact]
    public void Lengths_not_in_their_minimal_form_fail_with_1002()
    {
        AssertError(Frame(OpBinary, Bytes(125), form: LengthForm.Force16), ProtocolError);
        AssertError(Frame(OpBinary, Bytes(0), form: LengthForm.Force16), ProtocolError);
        AssertError(Frame(OpBinary, Bytes(65535), form: LengthForm.Force64), ProtocolError);
        AssertError(Frame(OpBinary, Bytes(3), form: LengthForm.Force64), ProtocolError);
    }

    [Fact]
    public void A_64_bit_length_with_its_top_bit_set_fails_with_1002()
    {
        var header = Frame(OpBinary, [], declaredLength: 0x8000_0000_0000_0000);

        AssertError(header, ProtocolError, failsAtByte: header.Length - 1);
    }

    [Fact]
    public void A_huge_64_bit_length_fails_with_1009_not_an_overflow()
    {
        AssertError(Frame(OpBinary, [], declaredLength: long.MaxValue), MessageTooBig);
    }

    [Fact]
    public void After_a_failure_the_reader_refuses_to_continue()
    {
        using var reader = new WebSocketFrameReader();
        using var buffer = new WebSocketMessageBuffer();
        var input = new ReadOnlySequence<byte>(Frame(3, []));

        Assert.Throws<WebSocketProtocolException>(() =>
        {
            var sequenceReader = new SequenceReader<byte>(input);
            reader.Read(ref sequenceReader, buffer);
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var sequenceReader = new SequenceReader<byte>(input);
            reader.Read(ref sequenceReader, buffer);
        });
    }

    [Fact]
    public void A_header_is_not_consumed_until_complete_and_payload_is_consumed_as_it_comes()
    {
        using var reader = new WebSocketFrameReader();
        using var buffer = new WebSocketMessageBuffer();
        var frame = TestFrames.Binary(Bytes(300));

        var partialHeader = new SequenceReader<byte>(new ReadOnlySequence<byte>(frame.AsMemory(0, 5)));
        Assert.Equal(WebSocketFrameEvent.NeedMoreData, reader.Read(ref partialHeader, buffer));
        Assert.Equal(0, partialHeader.Consumed);

        var headerAndSome = new SequenceReader<byte>(new ReadOnlySequence<byte>(frame.AsMemory(0, 108)));
        Assert.Equal(WebSocketFrameEvent.NeedMoreData, reader.Read(ref headerAndSome, buffer));
        Assert.Equal(108, headerAndSome.Consumed);
        Assert.Equal(100, buffer.WrittenCount);
        Assert.True(reader.IsMessageInProgress);

        var rest = new SequenceReader<byte>(new ReadOnlySequence<byte>(frame.AsMemory(108)));
        Assert.Equal(WebSocketFrameEvent.BinaryMessage, reader.Read(ref rest, buffer));
        Assert.Equal(Bytes(300), buffer.WrittenSpan.ToArray());
        Assert.False(reader.IsMessageInProgress);
    }

    [Fact]
    public void Control_payloads_and_close_details_are_exposed_without_allocating()
    {
        using var reader = new WebSocketFrameReader();
        using var buffer = new WebSocketMessageBuffer();
        var ping = new ReadOnlySequence<byte>(PingFrame("are you there"));
        var close = new ReadOnlySequence<byte>(CloseFrame(1000, "done"));

        var sequenceReader = new SequenceReader<byte>(ping);
        reader.Read(ref sequenceReader, buffer); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        sequenceReader = new SequenceReader<byte>(ping);
        var pingEvent = reader.Read(ref sequenceReader, buffer);
        var pingPayloadLength = reader.ControlPayload.Length;
        sequenceReader = new SequenceReader<byte>(close);
        var closeEvent = reader.Read(ref sequenceReader, buffer);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(WebSocketFrameEvent.Ping, pingEvent);
        Assert.Equal(13, pingPayloadLength);
        Assert.Equal(WebSocketFrameEvent.Close, closeEvent);
        Assert.Equal(1000, reader.CloseCode);
        Assert.Equal("done", Encoding.UTF8.GetString(reader.CloseReason));
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Reading_data_frames_allocates_nothing()
    {
        using var reader = new WebSocketFrameReader();
        using var buffer = new WebSocketMessageBuffer();
        var input = new ReadOnlySequence<byte>(Concat(TestFrames.Text("hello world, this is text"), TestFrames.Binary(Bytes(5000))));
        ReadAll();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            ReadAll();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void ReadAll()
        {
            var sequenceReader = new SequenceReader<byte>(input);
            while (reader.Read(ref sequenceReader, buffer) != WebSocketFrameEvent.NeedMoreData)
            {
                buffer.Reset();
            }
        }
    }
}