using System.Buffers;
using System.Diagnostics;

namespace Gateway.Server.Protocol.WebSockets;

/// <summary>
/// A growable buffer of pooled memory that one connection reuses for every message it receives (the destination of
/// <see cref="WebSocketFrameReader.Read"/>) or compresses (<see cref="WebSocketDeflater"/>).
/// </summary>
/// <remarks>
/// <para>Bounded: capacity never grows past <see cref="MaxSize"/> (the maximum message size), and asking for more throws,
/// so a peer can never make it hold more than the limit. The reader checks the limit before writing and fails the
/// connection with 1009 instead, so the exception only guards against a bug.</para>
/// <para>It grows by doubling with arrays rented from <see cref="ArrayPool{T}.Shared"/>, and <see cref="Reset"/> gives a
/// buffer larger than <see cref="RetainedSize"/> back, so an idle connection that once received a large message does not
/// keep megabytes alive.</para>
/// <para>Not thread-safe. <see cref="WrittenMemory"/> is valid until the next <see cref="Reset"/>, <see cref="GetMemory"/>
/// or <see cref="GetSpan"/> call.</para>
/// </remarks>
internal sealed class WebSocketMessageBuffer : IBufferWriter<byte>, IDisposable
{
    /// <summary>What <see cref="Reset"/> keeps, to serve typical messages without renting.</summary>
    public const int RetainedSize = 64 * 1024;

    private const int MinimumSize = 256;

    private byte[] _buffer = [];
    private int _written;

    /// <summary>Creates a buffer.</summary>
    /// <param name="maxSize">The capacity it may never exceed: the maximum message size.</param>
    public WebSocketMessageBuffer(long maxSize = WebSocketFrameReader.DefaultMaxMessageSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSize);
        MaxSize = (int)Math.Min(maxSize, Array.MaxLength);
    }

    /// <summary>The capacity bound.</summary>
    public int MaxSize { get; }

    /// <summary>The number of bytes written since the last <see cref="Reset"/>.</summary>
    public int WrittenCount => _written;

    /// <summary>The usable capacity held now (the pooled array behind it may be rounded up by the pool).</summary>
    public int Capacity => Math.Min(_buffer.Length, MaxSize);

    /// <summary>The bytes written since the last <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    /// <summary>The bytes written since the last <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Capacity - _written);
        _written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsMemory(_written, Capacity - _written);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsSpan(_written, Capacity - _written);
    }

    /// <summary>Forgets the written bytes, keeping the memory unless it is larger than <see cref="RetainedSize"/>.</summary>
    public void Reset()
    {
        _written = 0;
        if (_buffer.Length > RetainedSize)
        {
            Return();
        }
    }

    /// <summary>Returns the memory to the pool.</summary>
    public void Dispose()
    {
        _written = 0;
        Return();
    }

    private void EnsureFree(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        var free = Capacity - _written;
        if (free >= Math.Max(sizeHint, 1))
        {
            return;
        }

        Grow(sizeHint);
    }

    private void Grow(int sizeHint)
    {
        var needed = (long)_written + Math.Max(sizeHint, 1);
        if (needed > MaxSize)
        {
            throw new InvalidOperationException($"The message buffer is limited to {MaxSize} bytes.");
        }

        var size = Math.Clamp(Math.Max(needed, (long)_buffer.Length * 2), MinimumSize, MaxSize);
        var next = ArrayPool<byte>.Shared.Rent((int)size);
        Debug.Assert(next.Length >= needed);
        _buffer.AsSpan(0, _written).CopyTo(next);
        Return();
        _buffer = next;
    }

    private void Return()
    {
        if (_buffer.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}