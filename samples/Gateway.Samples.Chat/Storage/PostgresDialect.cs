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
}