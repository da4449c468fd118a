using System.Net;
using System.Text;

namespace Gateway;

/// <summary>
/// Everything an app knows about one HTTP request, one WebSocket connection or the server's lifespan before it receives
/// any message, as ASGI's <c>scope</c>. A server creates one per request (HTTP), per connection (WebSocket) or once
/// (lifespan).
/// </summary>
/// <remarks>
/// <para>
/// A scope is immutable. A middleware or router that needs to change what the inner app sees creates a child scope with
/// a <c>with</c> expression (<c>scope with { Path = rest, RootPath = scope.RootPath + prefix }</c>); the child shares
/// <see cref="State"/> with its parent, so what one layer stores there the others see, as in Starlette.
/// </para>
/// <para>Lifespan scopes only carry <see cref="Type"/>, <see cref="State"/>, <see cref="Extensions"/> and
/// <see cref="Services"/>; the other members keep their defaults.</para>
/// </remarks>
public sealed record Scope
{
    /// <summary>Whether this is an HTTP request, a WebSocket connection or the lifespan.</summary>
    public required ScopeType Type { get; init; }

    /// <summary>The HTTP version of the request (<see cref="System.Net.HttpVersion.Version11"/> by default).</summary>
    public Version HttpVersion { get; init; } = System.Net.HttpVersion.Version11;

    /// <summary>The request method in upper case, such as <c>GET</c>. Known methods are interned strings. WebSocket
    /// scopes always say <c>GET</c>.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>The URL scheme: <c>http</c> or <c>https</c> for HTTP, <c>ws</c> or <c>wss</c> for WebSocket. Behind a
    /// trusted proxy this is the scheme the client used with the proxy.</summary>
    public string Scheme { get; init; } = "http";

    /// <summary>
    /// The request path, percent-decoded, relative to <see cref="RootPath"/>: the full path is <c>RootPath + Path</c>.
    /// It always starts with <c>/</c> except for the asterisk form of <c>OPTIONS *</c>, where it is <c>*</c>.
    /// </summary>
    public string Path { get; init; } = "/";

    /// <summary>The request target's path exactly as it arrived, before percent-decoding (empty for lifespan). Unlike
    /// <see cref="Path"/> it is not shortened by mounts.</summary>
    public ReadOnlyMemory<byte> RawPath { get; init; }

    /// <summary>The raw query string: the bytes after <c>?</c>, still percent-encoded; empty when there is none.</summary>
    public ReadOnlyMemory<byte> QueryString { get; init; }

    /// <summary>The path this app is mounted under, without a trailing slash (empty at the top), as set by a server's
    /// configured root path or by a mount.</summary>
    public string RootPath { get; init; } = string.Empty;

    /// <summary>The request headers in arrival order, names lower-case, duplicates kept.</summary>
    public Headers Headers { get; init; } = Headers.Empty;

    /// <summary>The client's address: an <see cref="IPEndPoint"/> (rewritten from forwarded headers when the peer is a
    /// trusted proxy), or <see langword="null"/> when unknown (a Unix domain socket peer, an in-memory transport).</summary>
    public EndPoint? Client { get; init; }

    /// <summary>The address the request arrived on: an <see cref="IPEndPoint"/>, a
    /// <see cref="System.Net.Sockets.UnixDomainSocketEndPoint"/>, or <see langword="null"/> when unknown.</summary>
    public EndPoint? Server { get; init; }

    /// <summary>The subprotocols a WebSocket client offered, in its order of preference; empty otherwise.</summary>
    public IReadOnlyList<string> Subprotocols { get; init; } = [];

    /// <summary>
    /// Per-request state: a shallow copy of what the app stored in the lifespan scope's state during startup, shared by
    /// every layer of this request (middleware, router, endpoint). For the lifespan scope, the state itself.
    /// </summary>
    public ScopeState State { get; init; } = new();

    /// <summary>The optional capabilities this server offers for this scope (trailers, early hints, file sending, TLS
    /// details, WebSocket denial responses ...), found by interface type.</summary>
    public ScopeExtensions Extensions { get; init; } = ScopeExtensions.Empty;

    /// <summary>The application's services when the host uses dependency injection; otherwise <see langword="null"/>.</summary>
    public IServiceProvider? Services { get; init; }

    /// <summary>Fires when the client goes away or the server aborts the request or connection. Pass it to work done
    /// on the request's behalf so that abandoned requests stop costing.</summary>
    public CancellationToken Aborted { get; init; }

    /// <summary>The values a router extracted from the path, converted to their declared types (empty until a router
    /// matched).</summary>
    public PathParameters PathParameters { get; init; } = PathParameters.Empty;

    /// <summary>A short description for logs and debuggers: the scope type, method and full path.</summary>
    /// <returns>For example <c>Http GET /users/42</c>.</returns>
    public override string ToString()
    {
        if (Type == ScopeType.Lifespan)
        {
            return "Lifespan";
        }

        var text = new StringBuilder();
        text.Append(Type).Append(' ').Append(Method).Append(' ').Append(RootPath).Append(Path);
        if (!QueryString.IsEmpty)
        {
            text.Append('?').Append(Encoding.Latin1.GetString(QueryString.Span));
        }

        return text.ToString();
    }
}