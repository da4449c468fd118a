using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Gateway.Server.Transport;

/// <summary>
/// The memory behind one server's transport pipes: fixed 4 KiB blocks, pinned (so socket I/O needs no pinning), reused
/// through a queue that keeps at most a bounded number of idle blocks.
/// </summary>
/// <remarks>
/// <para>Why not <see cref="ArrayPool{T}.Shared"/> (the pipes' default): it keeps only a few dozen arrays of a size per
/// core. Under load, each busy connection holds an input and an output block between socket reads and sends, so with
/// more busy connections than that the shared pool misses on most rents and drops most returns: a 4 KiB echo then
/// allocated about 6.7 KB per request, and the gen0 collections and zeroing that follow cost more than the requests'
/// own work. This pool keeps every returned block up to <see cref="MaxRetainedBlocks"/>, as Kestrel's pinned block pool
/// does, so steady load allocates no blocks at all.</para>
/// <para>The bound keeps a burst from holding its memory forever: past it, returned blocks are left to the GC. Idle
/// keep-alive and WebSocket connections hold no block (the receive loop waits with a zero-byte read).</para>
/// </remarks>
internal sealed class BlockMemoryPool : MemoryPool<byte>
{
    /// <summary>The size of every block, and the pipes' minimum segment size.</summary>
    public const int BlockSize = 4096;

    /// <summary>The default for <see cref="MaxRetainedBlocks"/>: 4,096 blocks, 16 MiB.</summary>
    public const int DefaultMaxRetainedBlocks = 4096;

    private readonly ConcurrentQueue<Block> _idle = new();
    private int _idleCount;
    private bool _disposed;

    /// <summary>Creates an empty pool.</summary>
    /// <param name="maxRetainedBlocks">How many returned blocks the pool keeps for reuse; at least 0.</param>
    public BlockMemoryPool(int maxRetainedBlocks = DefaultMaxRetainedBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetainedBlocks);
        MaxRetainedBlocks = maxRetainedBlocks;
    }

    /// <summary>How many returned blocks the pool keeps for reuse.</summary>
    public int MaxRetainedBlocks { get; }

    /// <summary>How many blocks wait in the pool now (a snapshot).</summary>
    public int IdleCount => Volatile.Read(ref _idleCount);

    /// <inheritdoc />
    public override int MaxBufferSize => BlockSize;

    /// <summary>Rents one block of <see cref="BlockSize"/> bytes; disposing the returned owner gives it back.</summary>
    /// <param name="minBufferSize">At most <see cref="BlockSize"/>; -1 (the default) for any size.</param>
    /// <returns>A block whose memory is <see cref="BlockSize"/> bytes long.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minBufferSize"/> is larger than
    /// <see cref="BlockSize"/>. (Pipes never ask for more than <see cref="MaxBufferSize"/>.)</exception>
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_idle.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _idleCount);
            block.Rented = true;
            return block;
        }

        return new Block(this);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // Blocks still rented are dropped when their owners return them; idle ones go to the GC now.
        Volatile.Write(ref _disposed, true);
        while (_idle.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _idleCount);
        }
    }

    private void Return(Block block)
    {
        if (Volatile.Read(ref _disposed))
        {
            return;
        }

        if (Interlocked.Increment(ref _idleCount) > MaxRetainedBlocks)
        {
            Interlocked.Decrement(ref _idleCount);
            return;
        }

        _idle.Enqueue(block);
    }

    private sealed class Block : IMemoryOwner<byte>
    {
        private readonly BlockMemoryPool _pool;

        public Block(BlockMemoryPool pool)
        {
            _pool = pool;
            Memory = MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true), 0, BlockSize);
            Rented = true;
        }

        public Memory<byte> Memory { get; }

        public bool Rented { get; set; }

        public void Dispose()
        {
            // A second dispose must not queue the block twice: two renters would then share it.
            if (!Rented)
            {
                return;
            }

            Rented = false;
            _pool.Return(this);
        }
    }
}