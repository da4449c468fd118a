using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Tests.Storage;

/// <summary>The store contract on SQLite files in a temporary directory (WAL mode, as in production).</summary>
public sealed class SqliteChatStoreTests : ChatStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chat-sqlite-").FullName;
    private int _databases;

    internal override Task<string> NewDatabaseAsync() =>
        Task.FromResult(Path.Combine(_directory, $"db{Interlocked.Increment(ref _databases)}"));

    internal override IChatStore OpenStore(string database, IReadOnlyList<Migration>? migrations) =>
        SqlChatStore.OpenSqlite(database, connectionString: null, Clock, migrations);

    [Fact]
    public async Task The_database_is_a_file_in_the_data_directory_in_wal_mode()
    {
        var dataDirectory = Path.Combine(_directory, "data-dir");
        var store = Open(dataDirectory, null);
        await store.MigrateAsync();
        Assert.True(File.Exists(Path.Combine(dataDirectory, "chat.db")));
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDirectory, "chat.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        await using var tables = connection.CreateCommand();
        tables.CommandText = "SELECT version, name FROM schema_migrations;";
        await using var reader = await tables.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1, reader.GetInt32(0));
        Assert.Equal("initial", reader.GetString(1));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle closing late must not fail the test; the OS cleans the temp directory.
        }
    }
}