using System.Data.Common;

namespace Gateway.Samples.Chat.Storage;

/// <summary><see cref="IMessageRepository"/> in the SQL both providers accept.</summary>
internal sealed class SqlMessageRepository(DbDataSource dataSource, ISqlDialect dialect) : IMessageRepository
{
    /// <inheritdoc />
    public async Task<StoreMessageResult> StoreAsync(long roomId, long senderId, string clientId, string text, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        try
        {
            return await TryStoreAsync(roomId, senderId, clientId, text, now, cancellationToken);
        }
        catch (DbException exception) when (dialect.IsUniqueViolation(exception))
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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Taking the next seq first locks the room row (PostgreSQL; SQLite holds the database write lock), so the
        // duplicate check below cannot race with a concurrent store of the same client id in this room.
        long seq;
        await using (var next = connection.Command(
            "UPDATE rooms SET last_seq = last_seq + 1 WHERE id = @room AND EXISTS (SELECT 1 FROM memberships WHERE room_id = @room AND user_id = @sender) RETURNING last_seq;",
            transaction,
            ("@room", roomId),
            ("@sender", senderId)))
        {
            var value = await next.ExecuteScalarAsync(cancellationToken);
            if (value is null or DBNull)
            {
                // Not a member now; a retry of a message stored while a member still gets its original ack.
                await transaction.RollbackAsync(cancellationToken);
                return await FindByClientIdAsync(senderId, clientId, cancellationToken) is { } stored && stored.RoomId == roomId
                    ? new StoreMessageResult(StoreMessageStatus.Duplicate, stored)
                    : new StoreMessageResult(StoreMessageStatus.NotMember, null);
            }

            seq = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (await FindByClientIdAsync(connection, transaction, senderId, clientId, cancellationToken) is { } original)
        {
            // Rolling back returns the seq taken above, which keeps the sequence gap-free.
            await transaction.RollbackAsync(cancellationToken);
            return AlreadyStored(original, roomId);
        }

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

        await transaction.CommitAsync(cancellationToken);
        // The stored timestamp has millisecond precision; return exactly what history will return.
        return new StoreMessageResult(StoreMessageStatus.Stored, new ChatMessage(id, roomId, seq, senderId, sender, clientId, text, Sql.FromUnixMs(Sql.ToUnixMs(now))));
    }

    // A retry of the same message gets the original; the client id reused for another room's message gets nothing.
    private static StoreMessageResult AlreadyStored(ChatMessage original, long roomId) =>
        original.RoomId == roomId
            ? new StoreMessageResult(StoreMessageStatus.Duplicate, original)
            : new StoreMessageResult(StoreMessageStatus.ClientIdTaken, null);

    private async Task<ChatMessage?> FindByClientIdAsync(long senderId, string clientId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
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