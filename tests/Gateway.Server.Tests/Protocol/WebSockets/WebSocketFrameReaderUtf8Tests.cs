using System.Text;

using static Gateway.Server.Tests.Protocol.WebSockets.FrameReaderHarness;
using static Gateway.Server.Tests.Protocol.WebSockets.TestFrames;

namespace Gateway.Server.Tests.Protocol.WebSockets;

public class WebSocketFrameReaderUtf8Tests
{
    private const int InvalidPayload = 1007;

    [Fact]
    public void Multi_byte_text_split_across_fragments_and_pings_is_valid()
    {
        var euro = "€"u8.ToArray(); // E2 82 AC
        var input = Concat(
            Frame(OpText, [(byte)'a', euro[0]], fin: false),
            PingFrame(),
            Frame(OpContinuation, [euro[1]], fin: false),
            Frame(OpContinuation, [euro[2], .. "🎉"u8]));

        AssertEvents(input, [Ev.Ping(), Ev.Text("a€🎉")]);
    }

    [Theory]
    [InlineData("C0AF")]
    [InlineData("EDA080")]
    [InlineData("F4908080")]
    [InlineData("FF")]
    [InlineData("80")]
    public void Invalid_utf8_in_a_text_frame_fails_with_1007(string hex)
    {
        AssertError(Frame(OpText, [.. "ok"u8, .. Convert.FromHexString(hex), .. "tail"u8]), InvalidPayload);
    }

    [Fact]
    public void Binary_messages_are_not_validated()
    {
        AssertEvents(TestFrames.Binary([0xC0, 0xFF, 0xED, 0xA0]), [Ev.Binary([0xC0, 0xFF, 0xED, 0xA0])]);
    }

    [Fact]
    public void Invalid_utf8_fails_on_the_offending_byte_before_the_rest_of_the_message_arrives()
    {
        // "ab" F4 | 90 ...: F4 could start U+100000-U+10FFFF, but F4 90 is above U+10FFFF. The error must come when the 90
        // arrives, in the second fragment, although that fragment and the message go on.
        var first = Frame(OpText, [(byte)'a', (byte)'b', 0xF4], fin: false);
        var second = Frame(OpContinuation, [0x90, .. Encoding.UTF8.GetBytes(new string('x', 1000))], fin: false);
        var input = Concat(first, second, Frame(OpContinuation, "never needed"u8));
        var offending = first.Length + 8; // second's header (16-bit length) and mask, then the 90

        AssertError(input, InvalidPayload, failsAtByte: offending);

        // And with nothing after the offending byte at all.
        AssertError(input[..(offending + 1)], InvalidPayload, failsAtByte: offending);
    }

    [Fact]
    public void An_impossible_lead_fails_at_once_even_as_the_last_byte_of_a_fragment()
    {
        var first = Frame(OpText, [(byte)'a', 0xC0], fin: false);

        AssertError(first, InvalidPayload, failsAtByte: first.Length - 1);
    }

    [Fact]
    public void A_text_message_that_ends_inside_a_sequence_fails_with_1007()
    {
        AssertError(Concat(Frame(OpText, [(byte)'a', 0xE2], fin: false), Frame(OpContinuation, [0x82])), InvalidPayload);
    }

    [Fact]
    public void A_valid_prefix_is_not_reported_early()
    {
        // F0 9F 98 is a valid start of an emoji; a message ending there fails only when the final frame ends.
        var input = Concat(Frame(OpText, [0xF0, 0x9F], fin: false), Frame(OpContinuation, [0x98], fin: false), Frame(OpContinuation, []));

        AssertError(input, InvalidPayload, failsAtByte: input.Length - 1);
    }

    [Fact]
    public void Long_text_with_multi_byte_characters_everywhere_is_valid()
    {
        var text = string.Concat(Enumerable.Repeat("aé€🎉", 5000));
        var utf8 = Encoding.UTF8.GetBytes(text);

        // 9999 cuts a character: the fragments split the text mid-sequence too.
        AssertEvents(Concat(Frame(OpText, utf8.AsSpan(0, 9999), fin: false), Frame(OpContinuation, utf8.AsSpan(9999))), [Ev.Text(text)]);
    }
}