using System.IO.Compression;
using System.Text;

using Gateway.Server.Protocol.WebSockets;

using static Gateway.Server.Tests.Protocol.WebSockets.FrameReaderHarness;
using static Gateway.Server.Tests.Protocol.WebSockets.TestFrames;

namespace Gateway.Server.Tests.Protocol.WebSockets;

public class WebSocketFrameReaderCompressionTests
{
    private const int InvalidPayload = 1007;
    private const int MessageTooBig = 1009;

    private static readonly PerMessageDeflateParameters ContextTakeover = new(false, false, 0);
    private static readonly PerMessageDeflateParameters ClientNoContextTakeover = new(false, true, 0);

    // 100 MB of zeros deflates to about 100 KB: compressed once for the whole class.
    private static readonly Lazy<byte[]> ZipBomb = new(() =>
    {
        var sink = new MemoryStream();
        using var compressor = new DeflateStream(sink, CompressionLevel.Optimal, leaveOpen: true);
        var zeros = new byte[1024 * 1024];
        for (var i = 0; i < 100; i++)
        {
            compressor.Write(zeros);
        }

        compressor.Flush();
        return sink.ToArray()[..^4];
    });

    private static Func<WebSocketFrameReader> Reader(PerMessageDeflateParameters deflate, long maxMessageSize = WebSocketFrameReader.DefaultMaxMessageSize) =>
        () => new WebSocketFrameReader(maxMessageSize, deflate);

    [Fact]
    public void Compressed_text_and_binary_messages_are_inflated()
    {
        var text = string.Concat(Enumerable.Repeat("compress me, compress me! ", 200));
        var data = Encoding.ASCII.GetBytes(text.ToUpperInvariant());
        var input = Concat(
            Frame(OpText, Deflate(Encoding.UTF8.GetBytes(text)), rsv1: true),
            Frame(OpBinary, Deflate(data), rsv1: true));

        AssertEvents(input, [Ev.Text(text), Ev.Binary(data)], Reader(ClientNoContextTakeover));
        AssertEvents(input, [Ev.Text(text), Ev.Binary(data)], Reader(ContextTakeover));
    }

    [Fact]
    public void With_context_takeover_later_messages_refer_back_to_earlier_ones()
    {
        var sink = new MemoryStream();
        using var compressor = new DeflateStream(sink, CompressionLevel.Optimal, leaveOpen: true);
        var message = Encoding.UTF8.GetBytes("{\"type\":\"update\",\"payload\":\"the same long-ish JSON every time\"}");
        var first = TestFrames.Deflate(compressor, sink, message);
        var second = TestFrames.Deflate(compressor, sink, message);
        var third = TestFrames.Deflate(compressor, sink, message);
        Assert.True(second.Length < first.Length / 3, "the second message is a back-reference to the first");

        var input = Concat(Frame(OpText, first, rsv1: true), Frame(OpText, second, rsv1: true), PingFrame(), Frame(OpText, third, rsv1: true));

        AssertEvents(input, [Ev.TextBytes(message), Ev.TextBytes(message), Ev.Ping(), Ev.TextBytes(message)], Reader(ContextTakeover));
    }

    [Fact]
    public void Without_context_takeover_each_message_inflates_on_its_own()
    {
        var messages = new[] { "first message first message", "second message second message", "third third third third" };
        var input = Concat([.. messages.Select(m => Frame(OpText, Deflate(Encoding.UTF8.GetBytes(m)), rsv1: true))]);

        AssertEvents(input, [.. messages.Select(Ev.Text)], Reader(ClientNoContextTakeover));
    }

    [Fact]
    public void A_fragmented_compressed_message_has_rsv1_on_its_first_frame_only()
    {
        var text = string.Concat(Enumerable.Repeat("fragmented and compressed ", 100));
        var compressed = Deflate(Encoding.UTF8.GetBytes(text));
        var third = compressed.Length / 3;
        var input = Concat(
            Frame(OpText, compressed.AsSpan(0, third), fin: false, rsv1: true),
            PingFrame("between"),
            Frame(OpContinuation, compressed.AsSpan(third, third), fin: false),
            Frame(OpContinuation, [], fin: false),
            Frame(OpContinuation, compressed.AsSpan(2 * third)));

        AssertEvents(input, [Ev.Ping("between"), Ev.Text(text)], Reader(ContextTakeover));
    }

    [Fact]
    public void Uncompressed_messages_may_be_mixed_in_without_touching_the_context()
    {
        var sink = new MemoryStream();
        using var compressor = new DeflateStream(sink, CompressionLevel.Optimal, leaveOpen: true);
        var message = Encoding.UTF8.GetBytes("a message that the compressor will remember");
        var input = Concat(
            Frame(OpText, TestFrames.Deflate(compressor, sink, message), rsv1: true),
            TestFrames.Text("plain"),
            Frame(OpText, TestFrames.Deflate(compressor, sink, message), rsv1: true));

        AssertEvents(input, [Ev.TextBytes(message), Ev.Text("plain"), Ev.TextBytes(message)], Reader(ContextTakeover));
    }

    [Fact]
    public void Empty_compressed_messages_are_empty()
    {
        // zlib compresses an empty message to a single 0x00 (an empty stored block's header; RFC 7692 7.2.3.6); some
        // senders send no payload at all. Neither may disturb the context of the message that follows.
        var sink = new MemoryStream();
        using var compressor = new DeflateStream(sink, CompressionLevel.Optimal, leaveOpen: true);
        var input = Concat(
            Frame(OpText, [], rsv1: true),
            Frame(OpBinary, [0x00], rsv1: true),
            Frame(OpText, TestFrames.Deflate(compressor, sink, "after"u8), rsv1: true),
            Frame(OpText, [], rsv1: true),
            Frame(OpText, TestFrames.Deflate(compressor, sink, "after"u8), rsv1: true));

        AssertEvents(input, [Ev.Text(""), Ev.Binary([]), Ev.Text("after"), Ev.Text(""), Ev.Text("after")], Reader(ContextTakeover));
    }

    [Fact]
    public void A_message_ending_with_a_final_block_is_accepted_and_the_next_starts_afresh()
    {
        var message = Encoding.UTF8.GetBytes("ended with BFINAL instead of a sync flush");
        var sink = new MemoryStream();
        using (var compressor = new DeflateStream(sink, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(message); // disposing writes a final block (BFINAL = 1)
        }

        var input = Concat(Frame(OpText, sink.ToArray(), rsv1: true), Frame(OpText, Deflate(message), rsv1: true));

        AssertEvents(input, [Ev.TextBytes(message), Ev.TextBytes(message)], Reader(ContextTakeover));
    }

    [Fact]
    public void Data_after_a_final_block_in_the_same_frame_is_ignored_however_the_frame_arrives()
    {
        // Found by fuzzing: the decompressor reads the whole payload when it arrives at once, so bytes after the final
        // block were only caught (1007) when they came in a later read. Every delivery now ignores them alike.
        var sink = new MemoryStream();
        using (var compressor = new DeflateStream(sink, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write("done"u8);
        }

        var input = Concat(Frame(OpText, [.. sink.ToArray(), 0x01, 0x02, 0x03], rsv1: true), Frame(OpText, Deflate("next"u8), rsv1: true));

        AssertEvents(input, [Ev.Text("done"), Ev.Text("next")], Reader(ContextTakeover));
    }

    [Fact]
    public void Data_after_a_final_block_in_a_later_frame_fails_with_1007()
    {
        var sink = new MemoryStream();
        using (var compressor = new DeflateStream(sink, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write("done"u8);
        }

        var input = Concat(Frame(OpText, sink.ToArray(), fin: false, rsv1: true), Frame(OpContinuation, Deflate("more"u8)));

        AssertError(input, InvalidPayload, createReader: Reader(ContextTakeover));
    }

    [Fact]
    public void Corrupt_compressed_data_fails_with_1007()
    {
        // BTYPE 11 is reserved in RFC 1951.
        AssertError(Frame(OpBinary, [0xFF, 0xFF, 0xFF, 0xFF], rsv1: true), InvalidPayload, createReader: Reader(ContextTakeover));
    }

    [Fact]
    public void Invalid_utf8_in_inflated_text_fails_with_1007_before_the_message_ends()
    {
        var text = Concat("valid start "u8.ToArray(), [0xED, 0xA0, 0x80], Encoding.UTF8.GetBytes(new string('z', 50_000)));
        var compressed = Deflate(text);
        var input = Frame(OpText, compressed, rsv1: true);

        AssertError(input, InvalidPayload, createReader: Reader(ContextTakeover));

        // Only the first part of the message is needed to fail.
        var outcome = Run(input, Delivery.Trickle, Reader(ContextTakeover));
        Assert.True(outcome.DeliveredAtError < input.Length, $"failed at {outcome.DeliveredAtError} of {input.Length}");
    }

    [Fact]
    public void Inflated_size_is_limited_exactly()
    {
        var exact = Bytes(1000);
        var over = Bytes(1001);

        AssertEvents(Frame(OpBinary, Deflate(exact), rsv1: true), [Ev.Binary(exact)], Reader(ContextTakeover, maxMessageSize: 1000));
        AssertError(Frame(OpBinary, Deflate(over), rsv1: true), MessageTooBig, createReader: Reader(ContextTakeover, maxMessageSize: 1000));
    }

    [Fact]
    public void A_compressed_frame_declaring_more_than_deflate_could_need_fails_with_1009_on_its_header()
    {
        // The compressed budget for a 1000-byte limit is 1000 + 125 + 1024 bytes.
        AssertEvents(Frame(OpBinary, [0x00], rsv1: true), [Ev.Binary([])], Reader(ContextTakeover, maxMessageSize: 1000));
        var header = Frame(OpBinary, [], rsv1: true, declaredLength: 2150);

        AssertError(header, MessageTooBig, failsAtByte: header.Length - 1, createReader: Reader(ContextTakeover, maxMessageSize: 1000));
    }

    [Fact]
    public void A_zip_bomb_fails_with_1009_without_buffering_more_than_the_limit()
    {
        var input = Frame(OpBinary, ZipBomb.Value, rsv1: true);
        const long limit = 16 * 1024 * 1024;

        foreach (var delivery in AllDeliveries)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var outcome = Run(input, delivery, Reader(ContextTakeover, limit));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(MessageTooBig, outcome.Error?.CloseCode);
            Assert.True(outcome.MaxBuffered <= limit, $"{delivery}: buffered {outcome.MaxBuffered}");
            if (delivery is Delivery.Trickle or Delivery.Chunked)
            {
                // 16 MiB of zeros inflate from the first ~16 KB: the rest of the bomb is never needed.
                Assert.True(outcome.DeliveredAtError < input.Length / 2, $"{delivery}: needed {outcome.DeliveredAtError} of {input.Length} bytes");
            }

            if (delivery == Delivery.Whole)
            {
                // The growing message buffer (doubling up to the limit) is nearly all of it; nowhere near 100 MB.
                Assert.True(allocated < 3 * limit, $"allocated {allocated}");
            }
        }
    }
}