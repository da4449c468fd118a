using System.Data.Common;

using Microsoft.Data.Sqlite;

using Npgsql;

namespace Gateway.Samples.Chat.Storage;

/// <summary>
/// <see cref="IChatStore"/> for either provider: the repositories share their SQL, the <see cref="ISqlDialect"/>
/// and the migration scripts differ. Create it with <see cref="OpenSqlite"/> or <see cref="OpenPostgres"/>.
/// </summary>
internal sealed class SqlChatStore : IChatStore
{
    private readonly DbDataSource _dataSource;
    private readonly ISqlDialect _dialect;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly TimeProvider _time;

    private SqlChatStore(DbDataSource dataSource, ISqlDialect dialect, IReadOnlyList<Migration>? migrations, TimeProvider time)
    {
        _dataSource = dataSource;
        _dialect = dialect;
        _migrations = migrations ?? EmbeddedMigrations.Load(dialect.Name);
        _time = time;
        Users = new SqlUserRepository(dataSource);
        RefreshTokens = new SqlRefreshTokenRepository(dataSource);
        Rooms = new SqlRoomRepository(dataSource);
        Messages = new SqlMessageRepository(dataSource, dialect);
    }

    /// <inheritdoc />
    public string ProviderName => _dialect.Name;

    /// <inheritdoc />
    public IUserRepository Users { get; }

    /// <inheritdoc />
    public IRefreshTokenRepository RefreshTokens { get; }

    /// <inheritdoc />
    public IRoomRepository Rooms { get; }

    /// <inheritdoc />
    public IMessageRepository Messages { get; }

    /// <summary>
    /// A SQLite store on <paramref name="connectionString"/>, or on <c>chat.db</c> in <paramref name="dataDirectory"/>
    /// (created if missing) when it is null. <paramref name="migrations"/> replaces the embedded scripts (tests).
    /// </summary>
    public static SqlChatStore OpenSqlite(string dataDirectory, string? connectionString, TimeProvider time, IReadOnlyList<Migration>? migrations = null)
    {
        SqliteConnectionStringBuilder builder;
        if (connectionString is null)
        {
            Directory.CreateDirectory(dataDirectory);
            builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "chat.db") };
        }
        else
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }

        builder.ForeignKeys = true;
        builder.Pooling = true;
        // Writers wait for each other this long (Microsoft.Data.Sqlite retries SQLITE_BUSY within it).
        builder.DefaultTimeout = 30;
        return new SqlChatStore(SqliteFactory.Instance.CreateDataSource(builder.ToString()), new SqliteDialect(), migrations, time);
    }

    /// <summary>A PostgreSQL store on <paramref name="connectionString"/>.</summary>
    public static SqlChatStore OpenPostgres(string connectionString, TimeProvider time, IReadOnlyList<Migration>? migrations = null) =>
        new(NpgsqlDataSource.Create(connectionString), new PostgresDialect(), migrations, time);

    /// <inheritdoc />
    public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default) =>
        new MigrationRunner(_dataSource, _dialect, _migrations).ApplyAsync(_time, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = connection.Command("SELECT 1;", null);
            return await command.ExecuteScalarAsync(cancellationToken) is not null;
        }
        catch (DbException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Messages queued for a group commit are stored before the database goes away.
        await ((SqlMessageRepository)Messages).DisposeAsync();
        await _dataSource.DisposeAsync();
        if (_dialect is SqliteDialect)
        {
            // Pooled SQLite connections keep the file (and its WAL) open; tests delete their files afterwards.
            SqliteConnection.ClearAllPools();
        }
    }
}