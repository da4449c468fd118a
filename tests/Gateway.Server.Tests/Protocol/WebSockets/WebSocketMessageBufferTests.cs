using Gateway.Server.Protocol.WebSockets;

namespace Gateway.Server.Tests.Protocol.WebSockets;

public class WebSocketMessageBufferTests
{
    [Fact]
    public void Grows_as_written_and_keeps_what_was_written()
    {
        using var buffer = new WebSocketMessageBuffer(1_000_000);
        var data = TestFrames.Bytes(300_000);

        foreach (var part in TestSequence.Split(data))
        {
            part.Span.CopyTo(buffer.GetSpan(part.Length));
            buffer.Advance(part.Length);
        }

        Assert.Equal(data, buffer.WrittenSpan.ToArray());
        Assert.Equal(data, buffer.WrittenMemory.ToArray());
        Assert.Equal(300_000, buffer.WrittenCount);
    }

    [Fact]
    public void Never_offers_or_grows_past_its_maximum()
    {
        using var buffer = new WebSocketMessageBuffer(1000);

        Assert.True(buffer.GetSpan(600).Length <= 1000);
        buffer.Advance(600);
        Assert.Equal(400, buffer.GetSpan(400).Length);
        buffer.Advance(400);

        Assert.Equal(1000, buffer.Capacity);
        Assert.Throws<InvalidOperationException>(() => buffer.GetSpan(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(1));
    }

    [Fact]
    public void Reset_keeps_a_small_buffer_and_gives_a_large_one_back()
    {
        using var buffer = new WebSocketMessageBuffer();
        buffer.GetSpan(1000);
        buffer.Advance(1000);
        var small = buffer.Capacity;

        buffer.Reset();
        Assert.Equal(0, buffer.WrittenCount);
        Assert.Equal(small, buffer.Capacity);

        buffer.GetSpan(WebSocketMessageBuffer.RetainedSize + 1);
        buffer.Reset();
        Assert.Equal(0, buffer.Capacity);
    }
}