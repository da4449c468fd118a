using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// Writes into an <see cref="IBufferWriter{T}"/> through a cached span, so a response head made of many small pieces
/// costs one <c>GetSpan</c>/<c>Advance</c> pair per buffer rather than per piece (Kestrel's BufferWriter habit).
/// </summary>
/// <remarks>Nothing is visible to the output until <see cref="Commit"/> (or the span runs out and the writer moves to a
/// new one): call <see cref="Commit"/> once the head is written.</remarks>
internal ref struct Http1BufferWriter<TOutput>
    where TOutput : IBufferWriter<byte>
{
    // Room for the longest number written (a 20-digit decimal long) so that numbers never straddle spans.
    private const int MaxNumberLength = 20;

    private readonly TOutput _output;
    private Span<byte> _span;
    private int _buffered;

    public Http1BufferWriter(TOutput output)
    {
        _output = output;
        _span = output.GetSpan();
        _buffered = 0;
        BytesCommitted = 0;
    }

    /// <summary>The bytes handed to the output so far (by <see cref="Commit"/> or when a span filled up).</summary>
    public long BytesCommitted { get; private set; }

    /// <summary>Advances the output past everything written since the last commit.</summary>
    public void Commit()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            BytesCommitted += _buffered;
            _buffered = 0;
            _span = default;
        }
    }

    /// <summary>Copies <paramref name="source"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(scoped ReadOnlySpan<byte> source)
    {
        if (source.TryCopyTo(_span))
        {
            Advance(source.Length);
        }
        else
        {
            WriteMultiBuffer(source);
        }
    }

    /// <summary>Writes a non-negative number in decimal.</summary>
    public void WriteDecimal(long value)
    {
        Ensure(MaxNumberLength);
        Utf8Formatter.TryFormat(value, _span, out var written);
        Advance(written);
    }

    /// <summary>Writes a non-negative number in lower-case hexadecimal (chunk sizes).</summary>
    public void WriteHex(long value)
    {
        Ensure(MaxNumberLength);
        Utf8Formatter.TryFormat((ulong)value, _span, out var written, new StandardFormat('x'));
        Advance(written);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Advance(int count)
    {
        _buffered += count;
        _span = _span[count..];
    }

    private void Ensure(int count)
    {
        if (_span.Length < count)
        {
            NewSpan(count);
        }
    }

    private void NewSpan(int sizeHint)
    {
        Commit();
        _span = _output.GetSpan(sizeHint);
    }

    private void WriteMultiBuffer(scoped ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            if (_span.IsEmpty)
            {
                NewSpan(1);
            }

            var count = Math.Min(_span.Length, source.Length);
            source[..count].CopyTo(_span);
            Advance(count);
            source = source[count..];
        }
    }
}