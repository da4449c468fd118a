namespace Gateway.Routing;

/// <summary>
/// Routes sharing a prefix, middleware and metadata, as FastAPI's <c>APIRouter</c> included with a prefix. The routes
/// belong to the group's router (matched by its tree like any other route); the group's middleware wraps each of its
/// routes (not its 404s), outer groups' outside inner ones; its metadata comes before each route's own.
/// </summary>
public sealed class RouteGroup : IRouteBuilder
{
    private readonly List<object> _metadata = [];
    private readonly List<Middleware> _middleware = [];

    internal RouteGroup(Router router, RouteGroup? parent, RouteTemplate prefix)
    {
        Router = router;
        Parent = parent;
        Prefix = prefix;
    }

    /// <inheritdoc />
    public Router Router { get; }

    /// <summary>The enclosing group, or null.</summary>
    public RouteGroup? Parent { get; }

    /// <inheritdoc />
    /// <remarks>The full prefix: enclosing groups' prefixes included.</remarks>
    public RouteTemplate Prefix { get; }

    /// <summary>The group's own metadata.</summary>
    public IReadOnlyList<object> Metadata => _metadata;

    internal IReadOnlyList<Middleware> Middleware => _middleware;

    /// <summary>Adds metadata to every route of the group (including routes added earlier and nested groups').</summary>
    /// <param name="metadata">The objects.</param>
    /// <returns>This group.</returns>
    public RouteGroup WithMetadata(params object[] metadata)
    {
        RouteConventions.AddMetadata(Router, _metadata, metadata);
        return this;
    }

    /// <summary>Wraps every route of the group (including nested groups') in a middleware.</summary>
    /// <param name="middleware">The middleware; the first added is the outermost.</param>
    /// <returns>This group.</returns>
    public RouteGroup Use(Middleware middleware)
    {
        RouteConventions.AddMiddleware(Router, _middleware, middleware);
        return this;
    }

    /// <inheritdoc />
    public RouteBuilder Map(string pattern, GatewayApp endpoint) => Router.AddEndpoint(this, pattern, [], endpoint, webSocket: false);

    /// <inheritdoc />
    public RouteBuilder MapMethods(string pattern, IReadOnlyList<string> methods, GatewayApp endpoint) =>
        Router.AddEndpoint(this, pattern, methods, endpoint, webSocket: false);

    /// <inheritdoc />
    public RouteBuilder MapGet(string pattern, GatewayApp endpoint) => Router.AddEndpoint(this, pattern, [HttpMethods.Get], endpoint, webSocket: false);

    /// <inheritdoc />
    public RouteBuilder MapPost(string pattern, GatewayApp endpoint) => Router.AddEndpoint(this, pattern, [HttpMethods.Post], endpoint, webSocket: false);

    /// <inheritdoc />
    public RouteBuilder MapPut(string pattern, GatewayApp endpoint) => Router.AddEndpoint(this, pattern, [HttpMethods.Put], endpoint, webSocket: false);

    /// <inheritdoc />
    public RouteBuilder MapDelete(string pattern, GatewayApp endpoint) => Router.AddEndpoint(this, pattern, [HttpMethods.Delete], endpoint, webSocket: false);

    /// <inheritdoc />
    public RouteBuilder MapPatch(string pattern, GatewayApp endpoint) => Router.AddEndpoint(this, pattern, [HttpMethods.Patch], endpoint, webSocket: false);

    /// <inheritdoc />
    public RouteBuilder MapWebSocket(string pattern, GatewayApp endpoint) => Router.AddEndpoint(this, pattern, [], endpoint, webSocket: true);

    /// <inheritdoc />
    public RouteBuilder Mount(string prefix, GatewayApp app) => Router.AddMount(this, prefix, app, null);

    /// <inheritdoc />
    public RouteBuilder Mount(string prefix, Router router)
    {
        ArgumentNullException.ThrowIfNull(router);
        return Router.AddMount(this, prefix, router.ToGatewayApp(), router);
    }

    /// <inheritdoc />
    public RouteGroup MapGroup(string prefix) => Router.AddGroup(this, prefix);
}