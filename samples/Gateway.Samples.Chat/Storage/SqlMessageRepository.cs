using System.Data.Common;

namespace Gateway.Samples.Chat.Storage;

/// <summary><see cref="IMessageRepository"/> in the SQL both providers accept. On a database with one writer at a time
/// (SQLite) stores go through a <see cref="GroupCommitWriter"/>; elsewhere each store is its own transaction, and the
/// database groups concurrent commits itself.</summary>
internal sealed class SqlMessageRepository : IMessageRepository, IAsyncDisposable
{
    private readonly DbDataSource _dataSource;
    private readonly ISqlDialect _dialect;
    private readonly GroupCommitWriter? _groupCommit;

    public SqlMessageRepository(DbDataSource dataSource, ISqlDialect dialect)
    {
        _dataSource = dataSource;
        _dialect = dialect;
        if (dialect.HasSingleWriter)
        {
            _groupCommit = new GroupCommitWriter(
                dataSource,
                StoreInBatchAsync,
                pending => StoreAloneAsync(pending.RoomId, pending.SenderId, pending.ClientId, pending.Text, pending.Now, CancellationToken.None));
        }
    }

    /// <inheritdoc />
    public Task<StoreMessageResult> StoreAsync(long roomId, long senderId, string clientId, string text, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _groupCommit is null
            ? StoreAloneAsync(roomId, senderId, clientId, text, now, cancellationToken)
            : _groupCommit.StoreAsync(new PendingStore(roomId, senderId, clientId, text, now, cancellationToken), cancellationToken);

    /// <summary>Stores what is queued for a group commit, then stops taking stores.</summary>
    public ValueTask DisposeAsync() => _groupCommit?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task<StoreMessageResult> StoreAloneAsync(long roomId, long senderId, string clientId, string text, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            // The common case (a member's new message) in one statement where the provider has one; anything else
            // (not a member, a retry, a client id taken) is sorted out by the transaction below.
            if (_dialect.StoreNewMessageSql is not null && await TryStoreNewAsync(roomId, senderId, clientId, text, now, cancellationToken) is { } stored)
            {
                return new StoreMessageResult(StoreMessageStatus.Stored, stored);
            }

            return await TryStoreAsync(roomId, senderId, clientId, text, now, cancellationToken);
        }
        catch (DbException exception) when (_dialect.IsUniqueViolation(exception))
        {
            // The same (sender, client id) was stored concurrently through another room; its transaction won.
            return await FindByClientIdAsync(senderId, clientId, cancellationToken) is { } original
                ? AlreadyStored(original, roomId)
                : throw new InvalidOperationException("A message conflicted on (sender, client_id) but the original cannot be read.", exception);
        }
    }

    /// <inheritdoc />
    public async Task<HistoryPage> HistoryAsync(long roomId, long? beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        CheckLimit(limit);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        // One row more than asked tells whether an older page exists without a second query.
        await using var command = connection.Command(
            $"SELECT {MessageRows.Columns} FROM messages m JOIN users u ON u.id = m.sender_id WHERE m.room_id = @room AND m.seq < @before ORDER BY m.seq DESC LIMIT @take;",
            null,
            ("@room", roomId),
            ("@before", beforeSeq ?? long.MaxValue),
            ("@take", limit + 1));
        var messages = await ReadAllAsync(command, cancellationToken);
        var hasMore = messages.Count > limit;
        if (hasMore)
        {
            messages.RemoveAt(messages.Count - 1);
        }

        return new HistoryPage(messages, hasMore);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessage>> ReplayAsync(long roomId, long sinceSeq, int limit, CancellationToken cancellationToken = default)
    {
        CheckLimit(limit);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {MessageRows.Columns} FROM messages m JOIN users u ON u.id = m.sender_id WHERE m.room_id = @room AND m.seq > @since ORDER BY m.seq LIMIT @take;",
            null,
            ("@room", roomId),
            ("@since", sinceSeq),
            ("@take", limit));
        return await ReadAllAsync(command, cancellationToken);
    }

    private async Task<StoreMessageResult> TryStoreAsync(long roomId, long senderId, string clientId, string text, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Taking the next seq first locks the room row (PostgreSQL; SQLite holds the database write lock), so the
        // duplicate check below cannot race with a concurrent store of the same client id in this room.
        if (await NextSeqAsync(connection, transaction, roomId, senderId, cancellationToken) is not { } seq)
        {
            // Not a member now; a retry of a message stored while a member still gets its original ack.
            await transaction.RollbackAsync(cancellationToken);
            return await FindByClientIdAsync(senderId, clientId, cancellationToken) is { } stored && stored.RoomId == roomId
                ? new StoreMessageResult(StoreMessageStatus.Duplicate, stored)
                : new StoreMessageResult(StoreMessageStatus.NotMember, null);
        }

        if (await FindByClientIdAsync(connection, transaction, senderId, clientId, cancellationToken) is { } original)
        {
            // Rolling back returns the seq taken above, which keeps the sequence gap-free.
            await transaction.RollbackAsync(cancellationToken);
            return AlreadyStored(original, roomId);
        }

        var message = await InsertAsync(connection, transaction, roomId, seq, senderId, clientId, text, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StoreMessageResult(StoreMessageStatus.Stored, message);
    }

    private async Task<ChatMessage?> TryStoreNewAsync(long roomId, long senderId, string clientId, string text, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            _dialect.StoreNewMessageSql!,
            null,
            ("@room", roomId),
            ("@sender", senderId),
            ("@client", clientId),
            ("@text", text),
            ("@sent", Sql.ToUnixMs(now)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ChatMessage(reader.GetInt64(0), roomId, reader.GetInt64(1), senderId, reader.GetString(2), clientId, text, Sql.FromUnixMs(Sql.ToUnixMs(now)))
            : null;
    }

    // One message in a group commit's transaction. The database has one writer, and this batch holds it, so nothing can
    // store the same client id between the check and the insert; checking first means no seq is taken for a duplicate,
    // which keeps the sequence gap-free without rolling back the batch.
    private static async Task<StoreMessageResult> StoreInBatchAsync(DbConnection connection, DbTransaction transaction, PendingStore pending)
    {
        if (await FindByClientIdAsync(connection, transaction, pending.SenderId, pending.ClientId, CancellationToken.None) is { } original)
        {
            return AlreadyStored(original, pending.RoomId);
        }

        if (await NextSeqAsync(connection, transaction, pending.RoomId, pending.SenderId, CancellationToken.None) is not { } seq)
        {
            return new StoreMessageResult(StoreMessageStatus.NotMember, null);
        }

        var message = await InsertAsync(connection, transaction, pending.RoomId, seq, pending.SenderId, pending.ClientId, pending.Text, pending.Now, CancellationToken.None);
        return new StoreMessageResult(StoreMessageStatus.Stored, message);
    }

    // The room's next seq if the sender is a member (null otherwise). Taking it locks the room row (PostgreSQL; SQLite
    // holds the database write lock) until the transaction ends.
    private static async Task<long?> NextSeqAsync(DbConnection connection, DbTransaction transaction, long roomId, long senderId, CancellationToken cancellationToken)
    {
        await using var next = connection.Command(
            "UPDATE rooms SET last_seq = last_seq + 1 WHERE id = @room AND EXISTS (SELECT 1 FROM memberships WHERE room_id = @room AND user_id = @sender) RETURNING last_seq;",
            transaction,
            ("@room", roomId),
            ("@sender", senderId));
        var value = await next.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<ChatMessage> InsertAsync(DbConnection connection, DbTransaction transaction, long roomId, long seq, long senderId, string clientId, string text, DateTimeOffset now, CancellationToken cancellationToken)
    {
        long id;
        await using (var insert = connection.Command(
            "INSERT INTO messages (room_id, seq, sender_id, client_id, text, sent_at) VALUES (@room, @seq, @sender, @client, @text, @sent) RETURNING id;",
            transaction,
            ("@room", roomId),
            ("@seq", seq),
            ("@sender", senderId),
            ("@client", clientId),
            ("@text", text),
            ("@sent", Sql.ToUnixMs(now))))
        {
            id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        string sender;
        await using (var name = connection.Command("SELECT username FROM users WHERE id = @id;", transaction, ("@id", senderId)))
        {
            sender = (string)(await name.ExecuteScalarAsync(cancellationToken))!;
        }

        // The stored timestamp has millisecond precision; return exactly what history will return.
        return new ChatMessage(id, roomId, seq, senderId, sender, clientId, text, Sql.FromUnixMs(Sql.ToUnixMs(now)));
    }

    // A retry of the same message gets the original; the client id reused for another room's message gets nothing.
    private static StoreMessageResult AlreadyStored(ChatMessage original, long roomId) =>
        original.RoomId == roomId
            ? new StoreMessageResult(StoreMessageStatus.Duplicate, original)
            : new StoreMessageResult(StoreMessageStatus.ClientIdTaken, null);

    private async Task<ChatMessage?> FindByClientIdAsync(long senderId, string clientId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await FindByClientIdAsync(connection, null, senderId, clientId, cancellationToken);
    }

    private static async Task<ChatMessage?> FindByClientIdAsync(DbConnection connection, DbTransaction? transaction, long senderId, string clientId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            $"SELECT {MessageRows.Columns} FROM messages m JOIN users u ON u.id = m.sender_id WHERE m.sender_id = @sender AND m.client_id = @client;",
            transaction,
            ("@sender", senderId),
            ("@client", clientId));
        var found = await ReadAllAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    private static async Task<List<ChatMessage>> ReadAllAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var messages = new List<ChatMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(MessageRows.Read(reader));
        }

        return messages;
    }

    private static void CheckLimit(int limit)
    {
        if (limit is < 1 or > IMessageRepository.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"A page holds 1 to {IMessageRepository.MaxPageSize} messages.");
        }
    }
}