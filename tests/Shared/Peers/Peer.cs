namespace Gateway.Tests.Peers;

/// <summary>An external program a test drives. Each one is found the way its tests start it, and each one has the
/// Debian command that installs it (see <see cref="PeerCatalog"/>).</summary>
internal enum Peer
{
    /// <summary>Debian's <c>/usr/bin/python3</c> (the Python the other Python peers are installed for).</summary>
    Python,

    /// <summary>Python's <c>h11</c> under <c>/usr/bin/python3</c>: an independent HTTP/1.1 client.</summary>
    PythonH11,

    /// <summary>Python's <c>websockets</c> under <c>/usr/bin/python3</c>: an independent WebSocket client.</summary>
    PythonWebSockets,

    /// <summary><c>curl</c> on <c>PATH</c>.</summary>
    Curl,

    /// <summary><c>nginx</c> on <c>PATH</c>: a real reverse proxy in front of the server.</summary>
    Nginx,

    /// <summary><c>chromium</c> on <c>PATH</c>: a real browser.</summary>
    Chromium,

    /// <summary><c>redis-server</c> on <c>PATH</c>.</summary>
    RedisServer,

    /// <summary>PostgreSQL's server binaries (<c>/usr/lib/postgresql/&lt;version&gt;/bin/postgres</c> or <c>postgres</c> on <c>PATH</c>).</summary>
    PostgreSql,
}