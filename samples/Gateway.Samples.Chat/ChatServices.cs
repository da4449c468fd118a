using Gateway.Samples.Chat.Auth;
using Gateway.Samples.Chat.Configuration;
using Gateway.Samples.Chat.Observability;
using Gateway.Samples.Chat.Presence;
using Gateway.Samples.Chat.Realtime;
using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat;

/// <summary>
/// The composition root: builds every service of the chat from <see cref="ChatOptions"/> once, in dependency order,
/// and disposes them in reverse. The HTTP and WebSocket layers take what they need from here.
/// </summary>
internal sealed class ChatServices : IAsyncDisposable
{
    private readonly LoginRateLimiter _loginLimiter;

    private ChatServices(ChatOptions options, IChatStore store, TimeProvider time)
    {
        Options = options;
        Store = store;
        Time = time;
        AccessTokens = new AccessTokenService(JwtSecretStore.LoadOrCreate(options.JwtSecret, options.DataDirectory), time);
        Metrics = new ChatMetrics();
        _loginLimiter = new LoginRateLimiter();
        Auth = new AuthService(store, new PasswordHasher(), AccessTokens, _loginLimiter, time, Metrics);
        Backplane = new InProcessBackplane();
        Presence = new PresenceTracker(store.Users, Backplane, time);
        Hub = new ChatHub(store, Backplane, new RealtimeOptions(), time, Metrics);
    }

    /// <summary>The validated configuration.</summary>
    public ChatOptions Options { get; }

    /// <summary>The database, migrated.</summary>
    public IChatStore Store { get; }

    /// <summary>The clock every service uses.</summary>
    public TimeProvider Time { get; }

    /// <summary>The chat's instruments (meter <c>Gateway.Samples.Chat</c>) for the metrics endpoint to export.</summary>
    public ChatMetrics Metrics { get; }

    /// <summary>Issues and checks access tokens (also used by the WebSocket layer to learn a token's expiry).</summary>
    public AccessTokenService AccessTokens { get; }

    /// <summary>Registration, login, refresh, logout and sessions.</summary>
    public AuthService Auth { get; }

    /// <summary>Carries stored-message, typing and presence notifications (in-process; Redis later).</summary>
    public IChatBackplane Backplane { get; }

    /// <summary>Online counts and last seen; call it on each socket's authentication and close.</summary>
    public PresenceTracker Presence { get; }

    /// <summary>Room fan-out, subscriptions, sends and typing for the WebSocket layer.</summary>
    public ChatHub Hub { get; }

    /// <summary>Opens the configured store, applies migrations and builds the services.</summary>
    /// <exception cref="MigrationFailedException">The schema could not be brought up to date; nothing was changed.</exception>
    public static async Task<ChatServices> StartAsync(ChatOptions options, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = options.DatabaseProvider == DatabaseProvider.Postgres
            ? SqlChatStore.OpenPostgres(options.DatabaseConnectionString!, time)
            : SqlChatStore.OpenSqlite(options.DataDirectory, options.DatabaseConnectionString, time);
        try
        {
            await store.MigrateAsync(cancellationToken);
            return new ChatServices(options, store, time);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        _loginLimiter.Dispose();
        Metrics.Dispose();
        await Store.DisposeAsync();
    }
}