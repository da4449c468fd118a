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

    private readonly Func<RouteBuilder, GatewayApp, IReadOnlyList<object>, RouteBase> _create;

    /// <summary>Starts configuring a route that <paramref name="create"/> makes at build time from this builder, the
    /// endpoint wrapped in its middleware, and the collected metadata.</summary>
    internal RouteBuilder(Router router, RouteGroup? group, RouteTemplate template, IReadOnlyList<string> methods, GatewayApp endpoint, Func<RouteBuilder, GatewayApp, IReadOnlyList<object>, RouteBase> create)
    {
        Router = router;
        Group = group;
        Template = template;
        Methods = methods;
        Endpoint = endpoint;
        _create = create;
    }

    /// <summary>The router the route belongs to.</summary>
    public Router Router { get; }

    /// <summary>The group the route was added through, or null.</summary>
    public RouteGroup? Group { get; }

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

    internal IReadOnlyList<Middleware> Middleware => _middleware;

    internal RouteBase CreateRoute(GatewayApp app, IReadOnlyList<object> metadata) => _create(this, app, metadata);

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