using System.Data.Common;

namespace Gateway.Samples.Chat.Storage;

/// <summary>
/// Applies pending migrations in ONE transaction and records each in <c>schema_migrations</c>. Both providers have
/// transactional DDL, so a failing script leaves no table, no row and no recorded version behind.
/// </summary>
internal sealed class MigrationRunner(DbDataSource dataSource, ISqlDialect dialect, IReadOnlyList<Migration> migrations)
{
    private const string CreateSchemaTable =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL);";

    /// <summary>Applies what is missing; returns the versions applied now (empty when up to date).</summary>
    /// <exception cref="MigrationFailedException">A script failed; nothing was applied.</exception>
    public async Task<IReadOnlyList<int>> ApplyAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await dialect.PrepareDatabaseAsync(connection, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The lock comes first: two instances starting together on an empty database would otherwise race on
        // creating schema_migrations itself (PostgreSQL's IF NOT EXISTS is not safe against a concurrent creator).
        if (dialect.LockMigrationsSql is { } lockSql)
        {
            await using var lockCommand = connection.Command(lockSql, transaction);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = connection.Command(CreateSchemaTable, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new HashSet<int>();
        await using (var select = connection.Command("SELECT version FROM schema_migrations;", transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var appliedNow = new List<int>();
        foreach (var migration in migrations)
        {
            if (applied.Contains(migration.Version))
            {
                continue;
            }

            try
            {
                await using (var script = connection.Command(migration.Sql, transaction))
                {
                    await script.ExecuteNonQueryAsync(cancellationToken);
                }

                await using var record = connection.Command(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @applied_at);",
                    transaction,
                    ("@version", migration.Version),
                    ("@name", migration.Name),
                    ("@applied_at", Sql.ToUnixMs(time.GetUtcNow())));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (DbException exception)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                throw new MigrationFailedException(migration, exception);
            }

            appliedNow.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken);
        return appliedNow;
    }
}