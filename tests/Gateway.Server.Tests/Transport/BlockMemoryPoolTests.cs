using System.Runtime.InteropServices;

using Gateway.Server.Transport;

namespace Gateway.Server.Tests.Transport;

public class BlockMemoryPoolTests
{
    [Fact]
    public void Rents_pinned_blocks_of_the_block_size()
    {
        using var pool = new BlockMemoryPool();
        using var block = pool.Rent(100);

        Assert.Equal(BlockMemoryPool.BlockSize, block.Memory.Length);
        Assert.Equal(BlockMemoryPool.BlockSize, pool.MaxBufferSize);
        Assert.True(MemoryMarshal.TryGetArray<byte>(block.Memory, out var array));
        Assert.Equal(BlockMemoryPool.BlockSize, array.Array!.Length);
    }

    [Fact]
    public void Refuses_a_request_larger_than_a_block()
    {
        using var pool = new BlockMemoryPool();

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(BlockMemoryPool.BlockSize + 1));
    }

    [Fact]
    public void Reuses_a_returned_block()
    {
        using var pool = new BlockMemoryPool();
        var first = pool.Rent();
        var memory = first.Memory;
        first.Dispose();
        Assert.Equal(1, pool.IdleCount);

        using var second = pool.Rent();

        Assert.True(memory.Equals(second.Memory));
        Assert.Equal(0, pool.IdleCount);
    }

    [Fact]
    public void Keeps_no_more_idle_blocks_than_its_bound()
    {
        using var pool = new BlockMemoryPool(maxRetainedBlocks: 2);
        var blocks = new[] { pool.Rent(), pool.Rent(), pool.Rent() };

        foreach (var block in blocks)
        {
            block.Dispose();
        }

        Assert.Equal(2, pool.IdleCount);
    }

    [Fact]
    public void A_block_disposed_twice_is_queued_once()
    {
        using var pool = new BlockMemoryPool();
        var block = pool.Rent();
        block.Dispose();
        block.Dispose();

        using var first = pool.Rent();
        using var second = pool.Rent();

        Assert.Equal(0, pool.IdleCount);
        Assert.False(first.Memory.Equals(second.Memory));
    }

    [Fact]
    public void Drops_idle_blocks_and_later_returns_once_disposed()
    {
        var pool = new BlockMemoryPool();
        var kept = pool.Rent();
        pool.Rent().Dispose();
        Assert.Equal(1, pool.IdleCount);

        pool.Dispose();
        kept.Dispose();

        Assert.Equal(0, pool.IdleCount);
    }
}