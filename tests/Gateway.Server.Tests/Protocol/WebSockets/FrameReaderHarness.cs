using System.Buffers;
using System.Security.Cryptography;
using System.Text;

using Gateway.Server.Protocol.WebSockets;

namespace Gateway.Server.Tests.Protocol.WebSockets;

/// <summary>How the harness hands input to the reader.</summary>
public enum Delivery
{
    /// <summary>All at once, one segment.</summary>
    Whole,

    /// <summary>All at once, split into segments of 1, 2, 3, 5 ... 6765 bytes.</summary>
    Segmented,

    /// <summary>One byte per read, with what the reader left unconsumed kept in front, as a pipe does.</summary>
    Trickle,

    /// <summary>Reads of 1, 2, 3, 5 ... 6765 bytes, each a multi-segment sequence after the unconsumed rest.</summary>
    Chunked,
}

/// <summary>What the reader reported for one input.</summary>
internal sealed record ReadOutcome(List<string> Events, WebSocketProtocolException? Error, long DeliveredAtError, int MaxUnconsumed, int MaxBuffered);

/// <summary>
/// Drives a <see cref="WebSocketFrameReader"/> the way a connection loop does (read, parse until need-more, keep the
/// unconsumed rest in front of the next read) and records its events, so every test runs the same input delivered whole,
/// segmented, trickled one byte at a time and in uneven chunks.
/// </summary>
internal static class FrameReaderHarness
{
    public static readonly Delivery[] AllDeliveries = [Delivery.Whole, Delivery.Segmented, Delivery.Trickle, Delivery.Chunked];

    public static ReadOutcome Run(byte[] input, Delivery delivery, Func<WebSocketFrameReader> createReader)
    {
        using var reader = createReader();
        using var buffer = new WebSocketMessageBuffer(reader.MaxMessageSize);
        var events = new List<string>();
        ReadOnlyMemory<byte> pending = default;
        long delivered = 0;
        var maxUnconsumed = 0;
        var maxBuffered = 0;
        foreach (var chunk in Deliveries(input, delivery))
        {
            delivered += chunk.Length;
            var parts = new List<ReadOnlyMemory<byte>>(4);
            if (!pending.IsEmpty)
            {
                parts.Add(pending);
            }

            switch (delivery)
            {
                case Delivery.Segmented:
                    parts.AddRange(TestSequence.Split(chunk));
                    break;
                case Delivery.Chunked when chunk.Length > 1:
                    parts.Add(chunk[..(chunk.Length / 2)]);
                    parts.Add(chunk[(chunk.Length / 2)..]);
                    break;
                default:
                    parts.Add(chunk);
                    break;
            }

            var sequence = TestSequence.Create(parts);
            var sequenceReader = new SequenceReader<byte>(sequence);
            try
            {
                while (true)
                {
                    var frameEvent = reader.Read(ref sequenceReader, buffer);
                    maxBuffered = Math.Max(maxBuffered, buffer.WrittenCount);
                    if (frameEvent == WebSocketFrameEvent.NeedMoreData)
                    {
                        break;
                    }

                    events.Add(Describe(frameEvent, reader, buffer));
                    if (frameEvent is WebSocketFrameEvent.TextMessage or WebSocketFrameEvent.BinaryMessage)
                    {
                        Assert.Equal(buffer.WrittenCount, reader.MessageLength);
                        buffer.Reset();
                    }
                }
            }
            catch (WebSocketProtocolException error)
            {
                maxBuffered = Math.Max(maxBuffered, buffer.WrittenCount);
                return new ReadOutcome(events, error, delivered, maxUnconsumed, maxBuffered);
            }

            Assert.True(sequenceReader.End || sequenceReader.Remaining < 14, "only an incomplete header may stay unconsumed");
            var rest = sequence.Slice(sequenceReader.Position);
            pending = rest.IsEmpty ? default : rest.ToArray();
            maxUnconsumed = Math.Max(maxUnconsumed, pending.Length);
        }

        return new ReadOutcome(events, null, delivered, maxUnconsumed, maxBuffered);
    }

    /// <summary>Asserts that every delivery of <paramref name="input"/> yields exactly <paramref name="expected"/>.</summary>
    public static void AssertEvents(byte[] input, string[] expected, Func<WebSocketFrameReader>? createReader = null, Delivery[]? deliveries = null)
    {
        foreach (var delivery in deliveries ?? AllDeliveries)
        {
            var outcome = Run(input, delivery, createReader ?? (() => new WebSocketFrameReader()));
            Assert.True(outcome.Error is null, $"{delivery}: unexpected {outcome.Error?.CloseCode} {outcome.Error?.Message}");
            Assert.True(expected.SequenceEqual(outcome.Events), $"{delivery}: expected [{string.Join(", ", expected)}] got [{string.Join(", ", outcome.Events)}]");
            Assert.True(outcome.MaxUnconsumed < 14, $"{delivery}: {outcome.MaxUnconsumed} bytes left unconsumed");
        }
    }

    /// <summary>
    /// Asserts that every delivery fails with <paramref name="closeCode"/> after reporting <paramref name="eventsBefore"/>;
    /// with <paramref name="failsAtByte"/>, that trickled input fails right when byte <c>failsAtByte</c> (0-based)
    /// arrives, not later.
    /// </summary>
    public static void AssertError(
        byte[] input,
        int closeCode,
        string[]? eventsBefore = null,
        long? failsAtByte = null,
        Func<WebSocketFrameReader>? createReader = null,
        Delivery[]? deliveries = null)
    {
        foreach (var delivery in deliveries ?? AllDeliveries)
        {
            var outcome = Run(input, delivery, createReader ?? (() => new WebSocketFrameReader()));
            Assert.True(outcome.Error is not null, $"{delivery}: no error; events [{string.Join(", ", outcome.Events)}]");
            Assert.True(closeCode == outcome.Error.CloseCode, $"{delivery}: expected {closeCode}, got {outcome.Error.CloseCode} ({outcome.Error.Message})");
            Assert.True(Encoding.UTF8.GetByteCount(outcome.Error.Message) <= 123, "a close reason fits a close frame");
            if (eventsBefore is not null)
            {
                Assert.Equal(eventsBefore, outcome.Events);
            }

            if (failsAtByte is { } position && delivery == Delivery.Trickle)
            {
                Assert.Equal(position + 1, outcome.DeliveredAtError);
            }
        }
    }

    public static string Describe(WebSocketFrameEvent frameEvent, WebSocketFrameReader reader, WebSocketMessageBuffer buffer) => frameEvent switch
    {
        WebSocketFrameEvent.TextMessage => Message("text", buffer.WrittenSpan),
        WebSocketFrameEvent.BinaryMessage => Message("binary", buffer.WrittenSpan),
        WebSocketFrameEvent.Ping => $"ping:{Convert.ToHexString(reader.ControlPayload)}",
        WebSocketFrameEvent.Pong => $"pong:{Convert.ToHexString(reader.ControlPayload)}",
        WebSocketFrameEvent.Close => $"close:{reader.CloseCode}:{Encoding.UTF8.GetString(reader.CloseReason)}",
        _ => throw new InvalidOperationException(frameEvent.ToString()),
    };

    private static string Message(string kind, ReadOnlySpan<byte> payload) =>
        $"{kind}:{payload.Length}:{(payload.Length <= 32 ? Convert.ToHexString(payload) : Convert.ToHexString(SHA256.HashData(payload))[..16])}";

    private static IEnumerable<ReadOnlyMemory<byte>> Deliveries(byte[] input, Delivery delivery)
    {
        switch (delivery)
        {
            case Delivery.Trickle:
                for (var i = 0; i < input.Length; i++)
                {
                    yield return input.AsMemory(i, 1);
                }

                break;
            case Delivery.Chunked:
                var offset = 0;
                foreach (var size in TestSequence.Sizes(input.Length))
                {
                    yield return input.AsMemory(offset, size);
                    offset += size;
                }

                break;
            default:
                yield return input;
                break;
        }
    }
}

/// <summary>Expected events, described as <see cref="FrameReaderHarness.Describe"/> does.</summary>
internal static class Ev
{
    public static string Text(string text) => Message("text", Encoding.UTF8.GetBytes(text));

    public static string TextBytes(byte[] utf8) => Message("text", utf8);

    public static string Binary(byte[] data) => Message("binary", data);

    public static string Ping(string payload = "") => $"ping:{Convert.ToHexString(Encoding.UTF8.GetBytes(payload))}";

    public static string Ping(byte[] payload) => $"ping:{Convert.ToHexString(payload)}";

    public static string Pong(string payload = "") => $"pong:{Convert.ToHexString(Encoding.UTF8.GetBytes(payload))}";

    public static string Close(int code, string reason = "") => $"close:{code}:{reason}";

    private static string Message(string kind, byte[] payload) =>
        $"{kind}:{payload.Length}:{(payload.Length <= 32 ? Convert.ToHexString(payload) : Convert.ToHexString(SHA256.HashData(payload))[..16])}";
}