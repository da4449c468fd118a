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
    public void Invalid_utf8_in_inflated_text_fails_with_1007_once_the_group_holding_it_is_inflated()
    {
        // Hex digits of random bytes deflate to about half: 80,000 of them after the invalid sequence are several groups.
        var text = Concat("valid start "u8.ToArray(), [0xED, 0xA0, 0x80], Encoding.ASCII.GetBytes(Convert.ToHexString(Bytes(40_000))));
        var compressed = Deflate(text);
        var input = Frame(OpText, compressed, rsv1: true);
        Assert.True(compressed.Length > 2 * WebSocketInflater.GroupSize, $"{compressed.Length} compressed bytes");

        // Only the first 8 KiB group of the payload is needed to fail: trickled, it fails as the group's last byte arrives.
        var headerLength = input.Length - compressed.Length;
        AssertError(input, InvalidPayload, failsAtByte: headerLength + WebSocketInflater.GroupSize - 1, createReader: Reader(ContextTakeover));
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
    public void A_message_that_inflates_past_the_limit_and_then_turns_corrupt_closes_alike_whole_and_trickled()
    {
        // tests/Fuzzing/Corpora/websocket/finding-1009-or-1007-0 without the harness's configuration byte, under its
        // 256-byte limit: a compressed text message in two frames whose deflate data inflates to 257 bytes, then holds an
        // invalid distance code; the second frame declares 39 bytes and 16 arrive. Whole, zlib threw on the invalid code
        // in the call that also inflated byte 257, so the reader saw 1007; trickled, byte 257 came out first: 1009.
        var finding = Convert.FromHexString("4185014C03042B4A2F2E5080A7010203007FE641662405FFFF0585014C03AF2B4A");

        // The same with the second frame's length cut to the 16 bytes that arrive (0x80 | 16), so it completes.
        var complete = finding[..(11 + 2 + 4 + 16)];
        complete[12] = 0x90;

        foreach (var input in new[] { finding, complete })
        {
            var whole = Run(input, Delivery.Whole, Reader(ContextTakeover, maxMessageSize: 256));
            var trickled = Run(input, Delivery.Trickle, Reader(ContextTakeover, maxMessageSize: 256));
            Assert.Equal(whole.Error?.CloseCode, trickled.Error?.CloseCode);
            Assert.Equal(whole.Events, trickled.Events);
        }

        // Nothing of the unfinished group is inflated, however it arrives; the finished one is corrupt after 257 bytes,
        // and zlib (given the whole group every time) sees that before it hands out byte 257.
        AssertEvents(finding, [], Reader(ContextTakeover, maxMessageSize: 256));
        AssertError(complete, InvalidPayload, eventsBefore: [], createReader: Reader(ContextTakeover, maxMessageSize: 256));
    }

    [Theory]
    [InlineData(256, 1000)]
    [InlineData(8192, 100)]
    [InlineData(40000, 30)]
    public void A_message_turning_corrupt_near_where_it_passes_the_limit_closes_with_one_code_for_every_split(int limit, int trials)
    {
        // Each trial: text over the limit, deflated with fixed or dynamic Huffman codes, cut a few bytes before or after
        // the compressed byte that takes it past the limit and followed by random bytes, which soon hold an invalid code;
        // every other trial fragmented into three frames. It closes with 1009 or 1007 (which one depends on where the
        // garbage starts), and every delivery must agree. With a 40000-byte limit the compressed message spans two 8 KiB
        // groups.
        var random = new Random(limit);
        var codes = new HashSet<int?>();
        var disagreements = new List<string>();
        for (var trial = 0; trial < trials; trial++)
        {
            var message = Words(limit + 1 + random.Next(limit / 4), seed: random.Next());
            var strategy = trial % 2 == 0 ? ZLibCompressionStrategy.Fixed : ZLibCompressionStrategy.Default;
            var compressed = DeflateWith(strategy, message);
            var passedAt = BytesToInflatePast(compressed, limit);
            var cut = Math.Clamp(passedAt + random.Next(-4, 12), 0, compressed.Length);
            var garbage = new byte[random.Next(4, 32)];
            random.NextBytes(garbage);
            byte[] payload = [.. compressed.AsSpan(0, cut), .. garbage];
            var first = random.Next(payload.Length);
            var second = random.Next(first, payload.Length);
            var input = trial % 4 < 2
                ? Frame(OpText, payload, rsv1: true)
                : Concat(
                    Frame(OpText, payload.AsSpan(0, first), fin: false, rsv1: true),
                    Frame(OpContinuation, payload.AsSpan(first, second - first), fin: false),
                    Frame(OpContinuation, payload.AsSpan(second)));

            var outcomes = AllDeliveries.Select(delivery => (delivery, Run(input, delivery, Reader(ContextTakeover, limit)).Error?.CloseCode)).ToArray();
            codes.Add(outcomes[0].CloseCode);
            if (outcomes.Any(o => o.CloseCode != outcomes[0].CloseCode))
            {
                disagreements.Add($"trial {trial} ({strategy}, cut {cut - passedAt} from {passedAt}): {string.Join(", ", outcomes.Select(o => $"{o.delivery} {o.CloseCode}"))}");
            }
        }

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {trials}:\n{string.Join("\n", disagreements)}");
        Assert.Contains(InvalidPayload, codes);
        Assert.Contains(MessageTooBig, codes);
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

    // Deflates with a chosen Huffman strategy: Fixed gives codes (286, 287, distance 30 and 31) that are invalid, so random
    // bytes turn a fixed block corrupt within a few symbols.
    private static byte[] DeflateWith(ZLibCompressionStrategy strategy, byte[] message)
    {
        var sink = new MemoryStream();
        using var compressor = new DeflateStream(sink, new ZLibCompressionOptions { CompressionLevel = 6, CompressionStrategy = strategy }, leaveOpen: true);
        return TestFrames.Deflate(compressor, sink, message);
    }

    // How many bytes of the compressed data zlib needs, fed one at a time, to inflate more than limit bytes.
    private static int BytesToInflatePast(byte[] compressed, int limit)
    {
        var source = new OneByteReadStream(compressed);
        using var inflater = new DeflateStream(source, CompressionMode.Decompress);
        var output = new byte[limit + 1];
        var total = 0;
        while (total <= limit)
        {
            var read = inflater.Read(output.AsSpan(total));
            Assert.True(read != 0, "the message inflates to more than the limit");
            total += read;
        }

        return (int)source.Position;
    }

    // Lower-case words from a small vocabulary, spaces between: deflates to about a third.
    private static byte[] Words(int length, int seed)
    {
        string[] vocabulary = ["gateway", "socket", "frame", "deflate", "message", "limit", "close", "zlib", "split", "byte", "read", "fuzz"];
        var random = new Random(seed);
        var text = new StringBuilder(length + 16);
        while (text.Length < length)
        {
            text.Append(vocabulary[random.Next(vocabulary.Length)]).Append(random.Next(100)).Append(' ');
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }
}

