using System.Buffers;

namespace Gateway.Server.Tests.Protocol.Http1;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, as a pipe hands out data that arrived in pieces.</summary>
internal sealed class TestSegment : ReadOnlySequenceSegment<byte>
{
    private TestSegment(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary>A sequence whose segments are <paramref name="pieces"/> (empty pieces are kept as empty segments).</summary>
    public static ReadOnlySequence<byte> Sequence(IReadOnlyList<byte[]> pieces)
    {
        if (pieces.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        if (pieces.Count == 1)
        {
            return new ReadOnlySequence<byte>(pieces[0]);
        }

        var first = new TestSegment(pieces[0], 0);
        var last = first;
        for (var i = 1; i < pieces.Count; i++)
        {
            var next = new TestSegment(pieces[i], last.RunningIndex + last.Memory.Length);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>A sequence made of <paramref name="data"/> cut at <paramref name="cuts"/> (ascending offsets).</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var pieces = new List<byte[]>();
        var start = 0;
        foreach (var cut in cuts)
        {
            pieces.Add(data[start..cut]);
            start = cut;
        }

        pieces.Add(data[start..]);
        return Sequence(pieces);
    }
}