namespace Gateway.Samples.Chat.Configuration;

/// <summary>
/// The chat service's settings, read from the <c>Chat</c> section of configuration by <see cref="ChatOptionsReader"/>.
/// Every property is already validated when an instance exists.
/// </summary>
internal sealed class ChatOptions
{
    /// <summary>The default of <c>Chat:Listen</c>.</summary>
    public const string DefaultListen = "http://127.0.0.1:8000";

    /// <summary>The default of <c>Chat:DataDirectory</c>.</summary>
    public const string DefaultDataDirectory = "./data";

    /// <summary><c>Chat:Listen</c>: <c>http://host:port</c> or <c>unix:/path/to.sock</c>.</summary>
    public string Listen { get; init; } = DefaultListen;

    /// <summary>The Unix socket path when <see cref="Listen"/> is a <c>unix:</c> address, otherwise null.</summary>
    public string? UnixSocketPath { get; init; }

    /// <summary>The HTTP endpoint when <see cref="Listen"/> is an <c>http://</c> address, otherwise null.</summary>
    public Uri? HttpListenUri { get; init; }

    /// <summary><c>Chat:DataDirectory</c>, made absolute: holds the SQLite file and a generated JWT secret.</summary>
    public string DataDirectory { get; init; } = Path.GetFullPath(DefaultDataDirectory);

    /// <summary><c>Chat:Database:Provider</c>.</summary>
    public DatabaseProvider DatabaseProvider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary><c>Chat:Database:ConnectionString</c>; required for PostgreSQL, optional for SQLite (default: <c>chat.db</c> in the data directory).</summary>
    public string? DatabaseConnectionString { get; init; }

    /// <summary><c>Chat:Jwt:Secret</c> as UTF-8 bytes (at least 32), or null to generate one and keep it in the data directory.</summary>
    public byte[]? JwtSecret { get; init; }

    /// <summary><c>Chat:AllowedOrigins</c>: origins whose browsers may open the WebSocket (default: the origin of <see cref="Listen"/>).</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = ["http://127.0.0.1:8000"];

    /// <summary><c>Chat:Redis</c>: a Redis connection string for the scale-out backplane (not used yet).</summary>
    public string? Redis { get; init; }
}