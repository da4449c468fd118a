using System.Data.Common;

namespace Gateway.Samples.Chat.Storage;

/// <summary>
/// What differs between the two providers. The repositories' SQL is written once in the subset both SQLite and
/// PostgreSQL accept (ON CONFLICT, RETURNING, integer timestamps); only these few points differ.
/// </summary>
internal interface ISqlDialect
{
    /// <summary>"sqlite" or "postgres": also the folder of this provider's embedded migrations.</summary>
    string Name { get; }

    /// <summary>Whether <paramref name="exception"/> is a unique-constraint violation.</summary>
    bool IsUniqueViolation(DbException exception);

    /// <summary>Runs once before migrating, outside any transaction (SQLite switches to WAL there).</summary>
    Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A statement that keeps concurrent migrators out until the transaction ends, or null when the transaction already does.</summary>
    string? LockMigrationsSql { get; }

    /// <summary>Whether the database lets one writer in at a time (SQLite): then message stores are grouped into shared
    /// transactions (<see cref="GroupCommitWriter"/>), since each commit is an fsync that writers would take in turn.</summary>
    bool HasSingleWriter { get; }

    /// <summary>One statement that stores a new message (parameters <c>@room @sender @client @text @sent</c>) and returns
    /// its <c>id, seq, username</c>, or no row when the sender is not a member or the client id is taken; null when the
    /// provider cannot say it in one statement (SQLite allows no UPDATE inside WITH).</summary>
    string? StoreNewMessageSql { get; }
}