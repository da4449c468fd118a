using System.Data.Common;

using Npgsql;

namespace Gateway.Samples.Chat.Storage;

/// <summary>PostgreSQL specifics.</summary>
internal sealed class PostgresDialect : ISqlDialect
{
    /// <inheritdoc />
    public string Name => "postgres";

    /// <inheritdoc />
    // Two instances starting together must not both apply the same migration.
    public string? LockMigrationsSql => "LOCK TABLE schema_migrations IN EXCLUSIVE MODE;";

    /// <inheritdoc />
    public bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <inheritdoc />
    public Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;
}