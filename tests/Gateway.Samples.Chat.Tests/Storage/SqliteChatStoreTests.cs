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

    [Fact]
    public async Task A_message_the_database_refuses_fails_alone_and_the_rest_of_its_group_commit_is_stored()
    {
        // Stores on SQLite share transactions; one the database refuses (here a trigger refuses the text "poison") rolls
        // its batch back, and the batch is retried one message at a time, so only that message fails.
        var directory = Path.Combine(_directory, "poison");
        var store = Open(directory, null);
        await store.MigrateAsync();
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, "chat.db")}"))
        {
            await connection.OpenAsync();
            await using var trigger = connection.CreateCommand();
            trigger.CommandText = "CREATE TRIGGER refuse_poison BEFORE INSERT ON messages WHEN NEW.text = 'poison' BEGIN SELECT RAISE(ABORT, 'poison refused'); END;";
            await trigger.ExecuteNonQueryAsync();
        }

        var alice = await store.Users.CreateAsync("alice", "hash", Clock.GetUtcNow()) ?? throw new InvalidOperationException();
        var room = await store.Rooms.CreatePublicAsync("r", alice.Id, Clock.GetUtcNow());
        var stores = Enumerable.Range(0, 60)
            .Select(i => Task.Run(() => store.Messages.StoreAsync(room.Id, alice.Id, "c" + i, i == 30 ? "poison" : "fine " + i, Clock.GetUtcNow())))
            .ToList();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => stores[30]);
        var stored = stores.Where((_, i) => i != 30).Select(t => t.Result).ToList();
        Assert.All(stored, r => Assert.Equal(StoreMessageStatus.Stored, r.Status));
        Assert.Equal(Enumerable.Range(1, 59).Select(i => (long)i), stored.Select(r => r.Message!.Seq).Order());
        Assert.Equal(59, (await store.Rooms.FindAsync(room.Id))!.LastSeq);
    }

    [Fact]
    public async Task Stores_queued_when_the_store_closes_are_stored_before_it_closes()
    {
        var directory = Path.Combine(_directory, "closing");
        var store = SqlChatStore.OpenSqlite(directory, connectionString: null, Clock);
        await store.MigrateAsync();
        var alice = await store.Users.CreateAsync("alice", "hash", Clock.GetUtcNow()) ?? throw new InvalidOperationException();
        var room = await store.Rooms.CreatePublicAsync("r", alice.Id, Clock.GetUtcNow());
        var stores = Enumerable.Range(0, 50).Select(i => store.Messages.StoreAsync(room.Id, alice.Id, "c" + i, "m", Clock.GetUtcNow())).ToList();

        await store.DisposeAsync();

        Assert.All(await Task.WhenAll(stores), r => Assert.Equal(StoreMessageStatus.Stored, r.Status));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.Messages.StoreAsync(room.Id, alice.Id, "late", "m", Clock.GetUtcNow()));
        var reopened = Open(directory, null);
        Assert.Equal(50, (await reopened.Rooms.FindAsync(room.Id))!.LastSeq);
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