using System.Buffers;

namespace Gateway.Server.Tests.Protocol.WebSockets;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, as a pipe hands out data that crosses its blocks.</summary>
internal sealed class TestSequence : ReadOnlySequenceSegment<byte>
{
    private TestSequence(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Create(IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        if (parts.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new TestSequence(parts[0], 0);
        var last = first;
        for (var i = 1; i < parts.Count; i++)
        {
            var next = new TestSequence(parts[i], last.RunningIndex + last.Memory.Length);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Splits <paramref name="data"/> into segments whose sizes cycle through the Fibonacci numbers (1, 2, 3, 5
    /// ... 6765), so both tiny and block-sized splits land at every kind of position.</summary>
    public static ReadOnlySequence<byte> Fibonacci(ReadOnlyMemory<byte> data) => Create(Split(data));

    public static List<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> data)
    {
        var parts = new List<ReadOnlyMemory<byte>>();
        foreach (var size in Sizes(data.Length))
        {
            parts.Add(data[..size]);
            data = data[size..];
        }

        return parts;
    }

    public static IEnumerable<int> Sizes(int total)
    {
        int a = 1, b = 2;
        while (total > 0)
        {
            var size = Math.Min(a, total);
            yield return size;
            total -= size;
            (a, b) = b > 6765 ? (1, 2) : (b, a + b);
        }
    }
}