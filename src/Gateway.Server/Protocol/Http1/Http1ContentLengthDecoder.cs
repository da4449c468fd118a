using System.Buffers;

namespace Gateway.Server.Protocol.Http1;

/// <summary>Decodes a body of a known length (Content-Length, or none at all with length 0) by slicing the input.
/// One instance per connection; <see cref="Reset"/> per request.</summary>
internal sealed class Http1ContentLengthDecoder : IHttp1BodyDecoder
{
    private long _remaining;

    /// <inheritdoc />
    public bool IsComplete => _remaining == 0;

    /// <inheritdoc />
    public long DecodedBytes { get; private set; }

    /// <summary>The body bytes not yet read.</summary>
    public long Remaining => _remaining;

    /// <summary>Starts a body of <paramref name="length"/> bytes (0 for a request without a body).</summary>
    public void Reset(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _remaining = length;
        DecodedBytes = 0;
    }

    /// <inheritdoc />
    public bool TryRead(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> data)
    {
        var available = Math.Min(_remaining, reader.Remaining);
        data = available == 0 ? default : reader.UnreadSequence.Slice(0, available);
        return Take(ref reader, available);
    }

    /// <inheritdoc />
    public bool TryReadSegment(ref SequenceReader<byte> reader, out ReadOnlyMemory<byte> data)
    {
        var available = Math.Min(_remaining, reader.UnreadSpan.Length);
        data = available == 0 ? default : reader.UnreadSequence.First[..(int)available];
        return Take(ref reader, available);
    }

    private bool Take(ref SequenceReader<byte> reader, long available)
    {
        if (_remaining == 0)
        {
            return true;
        }

        if (available == 0)
        {
            return false;
        }

        reader.Advance(available);
        _remaining -= available;
        DecodedBytes += available;
        return true;
    }
}