using System.Data.Common;

using Npgsql;

namespace Gateway.Samples.Chat.Storage;

/// <summary>PostgreSQL specifics.</summary>
internal sealed class PostgresDialect : ISqlDialect
{
    /// <inheritdoc />
    public string Name => "postgres";

    /// <inheritdoc />
    // Two instances starting together must not both apply the same migration, nor both create schema_migrations: a
    // transaction-scoped advisory lock (released at commit or rollback) on a fixed key, taken before anything exists.
    public string? LockMigrationsSql => "SELECT pg_advisory_xact_lock(7346201917);";

    /// <inheritdoc />
    public bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <inheritdoc />
    public Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    // Row locks let stores into different rooms commit concurrently, and PostgreSQL groups their WAL flushes itself.
    public bool HasSingleWriter => false;
    /// <inheritdoc />
    // One round trip in autocommit instead of six (BEGIN, seq, duplicate check, insert, sender name, COMMIT): under the
    // chat load PostgreSQL's per-statement work, on the same cores, was what held the PostgreSQL setups back. Two racing
    // stores of one client id both pass NOT EXISTS; the unique constraint stops the second, and the caller answers it.
    public string? StoreNewMessageSql => """
        WITH next AS (
            UPDATE rooms SET last_seq = last_seq + 1
            WHERE id = @room
              AND EXISTS (SELECT 1 FROM memberships WHERE room_id = @room AND user_id = @sender)
              AND NOT EXISTS (SELECT 1 FROM messages WHERE sender_id = @sender AND client_id = @client)
            RETURNING last_seq)
        INSERT INTO messages (room_id, seq, sender_id, client_id, text, sent_at)
        SELECT @room, last_seq, @sender, @client, @text, @sent FROM next
        RETURNING id, seq, (SELECT username FROM users WHERE id = @sender);
        """;
}