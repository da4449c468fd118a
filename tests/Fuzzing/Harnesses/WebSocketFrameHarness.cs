using Gateway.Server.Protocol.WebSockets;
using Gateway.Server.Tests.Protocol.WebSockets;

namespace Gateway.Fuzzing.Harnesses;

/// <summary>
/// The WebSocket frame reader (server role), with permessage-deflate and UTF-8 validation. The first input byte picks
/// the configuration (bit 0: permessage-deflate; bit 1: client_no_context_takeover; bit 2: a 256-byte message limit),
/// the rest is what the client sent. Invariants: only <see cref="WebSocketProtocolException"/> escapes; every delivery
/// (whole, segmented, one byte at a time, uneven chunks) reports the same events and the same close code (the reason may name either of two 1007 causes); at most an
/// incomplete frame header stays unconsumed; a close reason fits a close frame.
/// </summary>
internal sealed class WebSocketFrameHarness : IFuzzHarness
{
    public string Name => "websocket";

    public void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var config = input[0];
        var frames = input[1..];
        PerMessageDeflateParameters? deflate = (config & 1) != 0 ? new PerMessageDeflateParameters(false, (config & 2) != 0, 0) : null;
        var maxMessageSize = (config & 4) != 0 ? 256 : 1024 * 1024;
        string? expected = null;
        foreach (var delivery in FrameReaderHarness.AllDeliveries)
        {
            // The harness asserts (xunit) what may stay unconsumed.
            var outcome = FrameReaderHarness.Run(frames, delivery, () => new WebSocketFrameReader(maxMessageSize, deflate));
            if (outcome.Error is { } error && System.Text.Encoding.UTF8.GetByteCount(error.Message) > 123)
            {
                throw new FuzzInvariantException($"{delivery}: the close reason '{error.Message}' does not fit a close frame");
            }

            // The close code, not the reason: corrupt compressed data that also inflated to invalid UTF-8 is 1007 either
            // way, and which of the two the reader sees first depends on how much zlib inflated before the corrupt bits.
            var rendered = string.Join("\n", outcome.Events) + $"\nerror={outcome.Error?.CloseCode}";
            expected ??= rendered;
            if (rendered != expected)
            {
                throw new FuzzInvariantException($"{delivery} differs from {FrameReaderHarness.AllDeliveries[0]}.\nexpected:\n{expected}\n\nactual:\n{rendered}");
            }
        }
    }
}