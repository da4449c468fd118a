namespace Gateway.Routing;

/// <summary>
/// Configures one route between its registration and the router's build: its name, metadata and middleware. Returned
/// by the <c>Map*</c> and <c>Mount</c> methods of <see cref="IRouteBuilder"/>.
/// </summary>
/// <remarks>Not thread-safe; configure routes from one thread before the router serves requests.</remarks>
public sealed class RouteBuilder
{
    private readonly List<object> _metadata = [];
    private readonly List<Middleware> _middleware = [];

    internal RouteBuilder(Router router, RouteGroup? group, RouteKind kind, RouteTemplate template, IReadOnlyList<string> methods, GatewayApp endpoint, Router? mountedRouter, string? host)
    {
        Router = router;
        Group = group;
        Kind = kind;
        Template = template;
        Methods = methods;
        Endpoint = endpoint;
        MountedRouter = mountedRouter;
        Host = host;
    }

    /// <summary>The router the route belongs to.</summary>
    public Router Router { get; }

    /// <summary>The group the route was added through, or null.</summary>
    public RouteGroup? Group { get; }

    /// <summary>What the route is (a mount of a router reports <see cref="RouteKind.Mount"/> here).</summary>
    public RouteKind Kind { get; }

    /// <summary>The route's template within its router: group prefixes included, mounts above the router not.</summary>
    public RouteTemplate Template { get; }

    /// <summary>The methods as given (before <c>HEAD</c> is added for <c>GET</c>); empty for every method.</summary>
    public IReadOnlyList<string> Methods { get; }

    /// <summary>The endpoint (or mounted app) as registered.</summary>
    public GatewayApp Endpoint { get; }

    /// <summary>The route's name, or null.</summary>
    public string? Name { get; private set; }

    /// <summary>The route's own metadata (not its groups').</summary>
    public IReadOnlyList<object> Metadata => _metadata;

    internal Router? MountedRouter { get; }

    internal string? Host { get; }

    internal IReadOnlyList<Middleware> Middleware => _middleware;

    /// <summary>Names the route for <see cref="Router.UrlFor(string)"/>; for a mount, the namespace of its router's names.</summary>
    /// <param name="name">The name; unique within the router, without <c>:</c>.</param>
    /// <returns>This builder.</returns>
    public RouteBuilder WithName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A route name cannot contain ':', which separates mount namespaces.", nameof(name));
        }

        Router.ThrowIfBuilt();
        Name = name;
        return this;
    }

    /// <summary>Attaches metadata objects (OpenAPI summaries, tags, authorization policies ...).</summary>
    /// <param name="metadata">The objects, kept in order after any added before.</param>
    /// <returns>This builder.</returns>
    public RouteBuilder WithMetadata(params object[] metadata)
    {
        RouteConventions.AddMetadata(Router, _metadata, metadata);
        return this;
    }

    /// <summary>Wraps this route's endpoint in a middleware; the first one added is the outermost, inside the groups'.</summary>
    /// <param name="middleware">The middleware.</param>
    /// <returns>This builder.</returns>
    public RouteBuilder Use(Middleware middleware)
    {
        RouteConventions.AddMiddleware(Router, _middleware, middleware);
        return this;
    }
}