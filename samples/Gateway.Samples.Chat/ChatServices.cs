using Gateway.Samples.Chat.Auth;
using Gateway.Samples.Chat.Configuration;
using Gateway.Samples.Chat.Observability;
using Gateway.Samples.Chat.Presence;
using Gateway.Samples.Chat.Realtime;
using Gateway.Samples.Chat.Realtime.Redis;
using Gateway.Samples.Chat.Storage;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using StackExchange.Redis;

namespace Gateway.Samples.Chat;

/// <summary>
/// The composition root: builds every service of the chat from <see cref="ChatOptions"/> once, in dependency order,
/// and disposes them in reverse. The HTTP and WebSocket layers take what they need from here.
/// </summary>
internal sealed class ChatServices : IAsyncDisposable
{
    private readonly LoginRateLimiter _loginLimiter;
    private readonly IConnectionMultiplexer? _redis;
    private readonly RedisPresence? _clusterPresence;

    private ChatServices(ChatOptions options, IChatStore store, TimeProvider time, IConnectionMultiplexer? redis, string instanceId, ILoggerFactory loggerFactory)
    {
        Options = options;
        Store = store;
        Time = time;
        InstanceId = instanceId;
        AccessTokens = new AccessTokenService(JwtSecretStore.LoadOrCreate(options.JwtSecret, options.DataDirectory), time);
        Metrics = new ChatMetrics();
        _loginLimiter = new LoginRateLimiter();
        Auth = new AuthService(store, new PasswordHasher(), AccessTokens, _loginLimiter, time, Metrics);
        _redis = redis;
        if (redis is null)
        {
            Backplane = new InProcessBackplane();
            Presence = new PresenceTracker(store.Users, Backplane, time);
            Hub = new ChatHub(store, Backplane, new RealtimeOptions(), time, Metrics);
            return;
        }

        var timings = new RedisTimings();
        var logger = loggerFactory.CreateLogger("Gateway.Samples.Chat.ScaleOut");
        Redis = new RedisBackplane(redis, instanceId, timings, logger, Metrics);
        Backplane = Redis;
        _clusterPresence = new RedisPresence(redis, instanceId, timings, logger, Metrics);
        Presence = new PresenceTracker(store.Users, Backplane, time, _clusterPresence);
        Hub = new ChatHub(store, Backplane, new RealtimeOptions(), time, Metrics);
        // Started once the hub is subscribed, so the first catch-up and the first presence announcements reach it.
        Redis.Start();
        _clusterPresence.Start(Presence.AnnounceClusterChangeAsync);
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

    /// <summary>Carries stored-message, typing and presence notifications: in-process, or over Redis with <c>Chat:Redis</c>.</summary>
    public IChatBackplane Backplane { get; }

    /// <summary>The Redis backplane when <c>Chat:Redis</c> is set (for <c>/healthz</c>), else null.</summary>
    public RedisBackplane? Redis { get; }

    /// <summary>This process's id among the instances (in Redis envelopes and presence keys, and in <c>/healthz</c>).</summary>
    public string InstanceId { get; }

    /// <summary>Online counts and last seen; call it on each socket's authentication and close.</summary>
    public PresenceTracker Presence { get; }

    /// <summary>Room fan-out, subscriptions, sends and typing for the WebSocket layer.</summary>
    public ChatHub Hub { get; }

    /// <summary>
    /// Opens the configured store, applies migrations, connects to Redis when configured (without waiting for it: an
    /// instance starts, and serves its own clients, while Redis is down) and builds the services.
    /// </summary>
    /// <exception cref="MigrationFailedException">The schema could not be brought up to date; nothing was changed.</exception>
    public static async Task<ChatServices> StartAsync(ChatOptions options, TimeProvider time, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = options.DatabaseProvider == DatabaseProvider.Postgres
            ? SqlChatStore.OpenPostgres(options.DatabaseConnectionString!, time)
            : SqlChatStore.OpenSqlite(options.DataDirectory, options.DatabaseConnectionString, time);
        IConnectionMultiplexer? redis = null;
        try
        {
            await store.MigrateAsync(cancellationToken);
            var instanceId = NewInstanceId();
            if (options.Redis is { } redisConfiguration)
            {
                redis = await ConnectRedisAsync(redisConfiguration, instanceId);
            }

            return new ChatServices(options, store, time, redis, instanceId, loggerFactory ?? NullLoggerFactory.Instance);
        }
        catch
        {
            if (redis is not null)
            {
                await redis.DisposeAsync();
            }

            await store.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        // Presence first: it removes this instance's entries and may still announce through the backplane.
        if (_clusterPresence is not null)
        {
            await _clusterPresence.DisposeAsync();
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        _loginLimiter.Dispose();
        Metrics.Dispose();
        await Store.DisposeAsync();
    }

    // Unique per process run: a restarted instance is a new one, and the old one's entries are swept as a dead instance's.
    private static string NewInstanceId() =>
        $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";

    internal static async Task<IConnectionMultiplexer> ConnectRedisAsync(string configuration, string instanceId)
    {
        var redis = ConfigurationOptions.Parse(configuration);
        // Start even when Redis is down, and keep retrying: the instance serves its own clients meanwhile.
        redis.AbortOnConnectFail = false;
        // A command while disconnected fails at once instead of queueing: a publication is a notification (the
        // database has the message), and presence writes are reconciled later; neither may stall a send or a session.
        redis.BacklogPolicy = BacklogPolicy.FailFast;
        // Come back within about a second of Redis returning, rather than after an exponential back-off.
        redis.ReconnectRetryPolicy = new LinearRetry(1000);
        redis.ClientName ??= "chat-" + instanceId;
        return await ConnectionMultiplexer.ConnectAsync(redis);
    }
}