using System.Net;

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

    /// <summary>
    /// <c>Chat:Redis</c>: a StackExchange.Redis configuration string (<c>host:port[,password=…][,ssl=true]</c>). When set,
    /// stored messages, typing and presence go between instances over Redis pub/sub and online counts are kept in Redis;
    /// when null, the instance is alone (in-process backplane).
    /// </summary>
    public string? Redis { get; init; }

    /// <summary>
    /// <c>Chat:TrustedProxies</c>: the proxies (addresses or CIDR networks) whose <c>X-Forwarded-For</c>,
    /// <c>X-Forwarded-Proto</c> and <c>Forwarded</c> headers are believed; empty trusts none. Default: loopback, where
    /// a local nginx connects from.
    /// </summary>
    public IReadOnlyList<IPNetwork> TrustedProxies { get; init; } = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];
}