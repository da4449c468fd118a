using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Tests.Support;

/// <summary>A migrated SQLite store in a temporary directory for tests of the layers above storage.</summary>
internal sealed class SqliteStoreFixture : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chat-store-").FullName;

    private SqliteStoreFixture(ManualClock clock)
    {
        Clock = clock;
        Store = SqlChatStore.OpenSqlite(_directory, null, clock);
    }

    public ManualClock Clock { get; }

    public SqlChatStore Store { get; }

    public static async Task<SqliteStoreFixture> CreateAsync(ManualClock clock)
    {
        var fixture = new SqliteStoreFixture(clock);
        await fixture.Store.MigrateAsync();
        return fixture;
    }

    public async Task<User> UserAsync(string username) =>
        await Store.Users.CreateAsync(username, "hash", Clock.GetUtcNow()) ?? throw new InvalidOperationException("taken");

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}