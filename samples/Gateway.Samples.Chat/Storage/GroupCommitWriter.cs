using System.Data.Common;
using System.Threading.Channels;

namespace Gateway.Samples.Chat.Storage;

/// <summary>
/// Group commit for a database with one writer at a time (SQLite): concurrent stores queue here, and one loop stores
/// whatever is queued, up to <see cref="MaxBatch"/> messages, in one transaction. Each commit costs an fsync of the WAL
/// (about 4 ms on the 2-core test VM), so a transaction per message capped the chat at about 220 stored messages/s
/// whatever the CPU; grouped, one fsync covers the whole batch. Nothing is completed before its batch has committed, so
/// "stored before acknowledged" holds as before.
/// </summary>
/// <remarks>A batch that fails (one message the database refuses takes the transaction with it) is retried one message
/// per transaction through the caller's single-store path, so only the message that fails fails. The queue is bounded:
/// past <see cref="QueueCapacity"/> waiting messages, callers wait to enqueue.</remarks>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>The most messages one transaction stores.</summary>
    public const int MaxBatch = 128;

    /// <summary>The most messages waiting for a batch.</summary>
    public const int QueueCapacity = 4096;

    private readonly DbDataSource _dataSource;
    private readonly Func<DbConnection, DbTransaction, PendingStore, Task<StoreMessageResult>> _storeInTransaction;
    private readonly Func<PendingStore, Task<StoreMessageResult>> _storeAlone;
    private readonly Channel<PendingStore> _queue = Channel.CreateBounded<PendingStore>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Task _loop;

    /// <param name="dataSource">The database.</param>
    /// <param name="storeInTransaction">Stores one message in the batch's open transaction; must not commit or roll back.</param>
    /// <param name="storeAlone">Stores one message in a transaction of its own (after a failed batch).</param>
    public GroupCommitWriter(
        DbDataSource dataSource,
        Func<DbConnection, DbTransaction, PendingStore, Task<StoreMessageResult>> storeInTransaction,
        Func<PendingStore, Task<StoreMessageResult>> storeAlone)
    {
        _dataSource = dataSource;
        _storeInTransaction = storeInTransaction;
        _storeAlone = storeAlone;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Queues <paramref name="pending"/> and waits until its batch has committed.</summary>
    /// <exception cref="ObjectDisposedException">The writer is shutting down.</exception>
    public async Task<StoreMessageResult> StoreAsync(PendingStore pending, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException exception)
        {
            throw new ObjectDisposedException("The message store is shutting down.", exception);
        }

        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stores what is already queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task LoopAsync()
    {
        var batch = new List<PendingStore>(MaxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var pending))
            {
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    pending.Completion.TrySetCanceled(pending.CancellationToken);
                }
                else
                {
                    batch.Add(pending);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await StoreBatchAsync(batch);
            }
            catch (Exception)
            {
                // The batch rolled back as a whole; store each message alone, so that only a message the database
                // refuses fails (the others are stored, or found stored if the commit itself went through).
                foreach (var pending in batch)
                {
                    try
                    {
                        pending.Completion.TrySetResult(await _storeAlone(pending));
                    }
                    catch (Exception exception)
                    {
                        pending.Completion.TrySetException(exception);
                    }
                }
            }
        }
    }

    private async Task StoreBatchAsync(List<PendingStore> batch)
    {
        var results = new StoreMessageResult[batch.Count];
        await using (var connection = await _dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            for (var i = 0; i < batch.Count; i++)
            {
                results[i] = await _storeInTransaction(connection, transaction, batch[i]);
            }

            await transaction.CommitAsync();
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(results[i]);
        }
    }
}