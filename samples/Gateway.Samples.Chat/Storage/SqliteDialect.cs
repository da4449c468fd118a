using System.Data.Common;

using Microsoft.Data.Sqlite;

namespace Gateway.Samples.Chat.Storage;

/// <summary>SQLite specifics.</summary>
internal sealed class SqliteDialect : ISqlDialect
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    /// <inheritdoc />
    public string Name => "sqlite";

    /// <inheritdoc />
    // Microsoft.Data.Sqlite begins transactions with BEGIN IMMEDIATE, which already takes the write lock.
    public string? LockMigrationsSql => null;

    /// <inheritdoc />
    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } sqlite
        && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;

    /// <inheritdoc />
    public async Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL lets readers (history, replay) run while a message is being stored; the mode is kept in the file.
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    // One writer at a time (BEGIN IMMEDIATE takes the database write lock).
    public bool HasSingleWriter => true;
    /// <inheritdoc />
    public string? StoreNewMessageSql => null;
}