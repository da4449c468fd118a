namespace Gateway.Routing;

/// <summary>
/// A route a <see cref="Router"/> dispatches to: <see cref="Route"/>, <see cref="WebSocketRoute"/>, <see cref="Mount"/> or
/// <see cref="Host"/>. Each answers <see cref="Match"/> on its own (Starlette's <c>matches</c>); a router does the same
/// work through a precompiled segment tree and then asks the route only what the tree cannot know (method, scope type).
/// </summary>
public abstract class RouteBase
{
    private protected RouteBase(RouteTemplate template, GatewayApp app, string? name, IReadOnlyList<object>? metadata)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(app);
        Template = template;
        App = app;
        Name = name;
        Metadata = metadata ?? [];
    }

    /// <summary>The path template (for a mount, the prefix; for a host, the empty template).</summary>
    public RouteTemplate Template { get; }

    /// <summary>The app that handles matched scopes, with the route's middleware applied.</summary>
    public GatewayApp App { get; }

    /// <summary>The route's name for URL generation (for a mount, the namespace of its routes), or null.</summary>
    public string? Name { get; }

    /// <summary>Arbitrary metadata objects attached at registration (group metadata first), read by tools such as an
    /// OpenAPI generator.</summary>
    public IReadOnlyList<object> Metadata { get; }

    /// <summary>Whether this route takes every path below its template (a mount or host) rather than exactly its template.</summary>
    internal abstract bool IsPrefix { get; }

    /// <summary>Matches a scope, and on a full match gives the scope the route's app should see.</summary>
    /// <param name="scope">The scope, with <see cref="Scope.Path"/> relative to the router.</param>
    /// <param name="child">The child scope (path parameters added; for a mount, path and root path moved) on a full
    /// match; otherwise <paramref name="scope"/>.</param>
    /// <returns>None, Partial (path fits, method not) or Full.</returns>
    public abstract RouteMatch Match(Scope scope, out Scope child);

    /// <summary>Given that the path fits, whether the scope type and method fit too. Used by the router's tree.</summary>
    internal abstract RouteMatch MatchMethod(Scope scope);
}