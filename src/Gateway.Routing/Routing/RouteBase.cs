namespace Gateway.Routing;

/// <summary>
/// A route a <see cref="Router"/> dispatches to: <see cref="Route"/>, <see cref="WebSocketRoute"/>, <see cref="Mount"/> or
/// <see cref="HostRoute"/>. Each answers for itself, as in Starlette: <see cref="Match"/> (<c>matches</c>), the methods
/// a 405 lists, its URL (<c>url_path_for</c>) and its description for <see cref="Router.GetRoutes"/>; the router never
/// switches on route types. A router matches through a precompiled segment tree and then asks the route only what the
/// tree cannot know (method, scope type).
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

    /// <summary>The methods a 405 on this route's path lists (none for non-HTTP routes).</summary>
    internal virtual IReadOnlyList<string> AllowedMethods => [];

    /// <summary>Whether the route is chosen by host name, before any path route.</summary>
    internal virtual bool MatchesByHost => false;

    /// <summary>Adds this route's entries to a route listing, under <paramref name="prefix"/>.</summary>
    internal abstract void Describe(in RoutePrefix prefix, GatewayApp endpoint, List<RouteDescriptor> routes);

    /// <summary>The route's path relative to its router: <paramref name="rest"/> is what follows this route's name in a
    /// <c>mount:route</c> name, or null for the route itself.</summary>
    internal virtual string UrlFor(string? rest, IReadOnlyDictionary<string, object?> values)
    {
        if (rest is not null)
        {
            throw new KeyNotFoundException($"The route '{Name}' is not a mounted router, so '{Name}:{rest}' does not exist.");
        }

        return OwnPath(values);
    }

    private string OwnPath(IReadOnlyDictionary<string, object?> values) => Template.Segments.Length == 0 ? "/" : Template.Format(values);

    /// <summary>The URL of a route of a mounted router: the prefix, then the inner router's path.</summary>
    private protected string MountedUrlFor(Router? router, string? rest, IReadOnlyDictionary<string, object?> values)
    {
        if (rest is null)
        {
            return OwnPath(values);
        }

        if (router is null)
        {
            throw new KeyNotFoundException($"The route '{Name}' mounts an app that is not a router, so '{Name}:{rest}' does not exist.");
        }

        var prefix = Template.Segments.Length == 0 ? string.Empty : Template.Format(values);
        return prefix + router.UrlFor(rest, values);
    }
}