using System.Buffers;

namespace Gateway.Server.Tests.Protocol.Http1;

/// <summary>An <see cref="IBufferWriter{T}"/> that hands out spans of a few bytes at most, so every write that crosses
/// a span boundary is exercised.</summary>
internal sealed class SmallSpanBufferWriter(int spanSize) : IBufferWriter<byte>
{
    private readonly List<byte> _written = [];
    private byte[] _current = [];

    public byte[] WrittenBytes => [.. _written];

    public void Advance(int count)
    {
        _written.AddRange(_current.AsSpan(0, count));
        _current = [];
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        _current = new byte[Math.Max(sizeHint, spanSize)];
        return _current;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}