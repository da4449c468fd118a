namespace Gateway.Routing;

/// <summary>
/// Dispatches scopes to routes, as Starlette's <c>Router</c>; a router is itself an app (<c>GatewayApp app = router;</c>).
/// Routes are registered through <see cref="IRouteBuilder"/>; the first request (or <see cref="Build"/>) compiles them into
/// a segment tree and freezes the router.
/// </summary>
/// <remarks>
/// <para>For each HTTP or WebSocket scope, host routes are tried first; then the most specific path route wins: literal
/// segments before parameters (typed before <c>str</c>), before a catch-all, before mounts. A path that fits only routes of other methods gets
/// <c>405</c> with <c>Allow</c>; a path that fits nothing gets <c>404</c>, or a redirect when adding or removing a trailing
/// slash would fit (<see cref="RouterOptions.RedirectSlashes"/>). An unmatched WebSocket is refused with a 404 response
/// when the server offers <see cref="IWebSocketDenialResponseCapability"/>, otherwise closed. Error bodies are
/// <see cref="ProblemDetails"/>.</para>
/// <para>Building is thread-safe; registration is not and must finish before the router serves requests.</para>
/// </remarks>
public sealed partial class Router : IRouteBuilder
{
    private static readonly RouteTemplate EmptyPrefix = RouteTemplate.Parse(string.Empty);

    private readonly List<RouteBuilder> _builders = [];
    private readonly List<Middleware> _middleware = [];
    private readonly List<Func<RouteBuilder, Middleware>> _perRouteMiddleware = [];
    private readonly Lock _buildLock = new();
    private volatile BuiltRouter? _built;

    /// <summary>Creates an empty router.</summary>
    /// <param name="options">Its options; the defaults when null.</param>
    public Router(RouterOptions? options = null) => Options = options ?? new RouterOptions();

    /// <summary>The router's options.</summary>
    public RouterOptions Options { get; }

    /// <summary>The convertors its templates may name (<see cref="RouterOptions.Convertors"/>).</summary>
    public ConvertorRegistry Convertors => Options.Convertors;

    /// <summary>Whether the router has been built and no longer accepts routes.</summary>
    public bool IsBuilt => _built is not null;

    Router IRouteBuilder.Router => this;

    /// <inheritdoc />
    public RouteTemplate Prefix => EmptyPrefix;

    /// <summary>The router as a <see cref="GatewayApp"/>.</summary>
    /// <param name="router">The router.</param>
    public static implicit operator GatewayApp(Router router)
    {
        ArgumentNullException.ThrowIfNull(router);
        return router.Invoke;
    }

    /// <summary>The router as a <see cref="GatewayApp"/> (the named alternative to the implicit conversion).</summary>
    /// <returns><see cref="Invoke"/> as a delegate.</returns>
    public GatewayApp ToGatewayApp() => Invoke;

    /// <summary>Wraps the whole router (404s and 405s included) in a middleware, as Starlette's
    /// <c>Router(middleware=...)</c>; the first added is the outermost.</summary>
    /// <param name="middleware">The middleware.</param>
    /// <returns>This router.</returns>
    public Router Use(Middleware middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        ThrowIfBuilt();
        _middleware.Add(middleware);
        return this;
    }

    /// <summary>Wraps every route's endpoint (not the router's 404s and 405s) in a middleware made for that route when
    /// the router is built, outside the groups' and the route's own: <c>router.UseForEachRoute(route =&gt;
    /// Metrics.Label(route.Template.Text))</c> gives a metrics or tracing middleware the route's template, name and
    /// metadata at no cost per request. The first added is the outermost.</summary>
    /// <param name="factory">Makes the middleware for one route.</param>
    /// <returns>This router.</returns>
    public Router UseForEachRoute(Func<RouteBuilder, Middleware> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ThrowIfBuilt();
        _perRouteMiddleware.Add(factory);
        return this;
    }

    /// <inheritdoc />
    public RouteBuilder Map(string pattern, GatewayApp endpoint) => AddEndpoint(null, pattern, [], endpoint, webSocket: false);

    /// <inheritdoc />
    public RouteBuilder MapMethods(string pattern, IReadOnlyList<string> methods, GatewayApp endpoint) =>
        AddEndpoint(null, pattern, methods, endpoint, webSocket: false);

    /// <inheritdoc />
    public RouteBuilder MapGet(string pattern, GatewayApp endpoint) => AddEndpoint(null, pattern, [HttpMethods.Get], endpoint, webSocket: false);

    /// <inheritdoc />
    public RouteBuilder MapPost(string pattern, GatewayApp endpoint) => AddEndpoint(null, pattern, [HttpMethods.Post], endpoint, webSocket: false);

    /// <inheritdoc />
    public RouteBuilder MapPut(string pattern, GatewayApp endpoint) => AddEndpoint(null, pattern, [HttpMethods.Put], endpoint, webSocket: false);

    /// <inheritdoc />
    public RouteBuilder MapDelete(string pattern, GatewayApp endpoint) => AddEndpoint(null, pattern, [HttpMethods.Delete], endpoint, webSocket: false);

    /// <inheritdoc />
    public RouteBuilder MapPatch(string pattern, GatewayApp endpoint) => AddEndpoint(null, pattern, [HttpMethods.Patch], endpoint, webSocket: false);

    /// <inheritdoc />
    public RouteBuilder MapWebSocket(string pattern, GatewayApp endpoint) => AddEndpoint(null, pattern, [], endpoint, webSocket: true);

    /// <inheritdoc />
    public RouteBuilder Mount(string prefix, GatewayApp app) => AddMount(null, prefix, app, null);

    /// <inheritdoc />
    public RouteBuilder Mount(string prefix, Router router)
    {
        ArgumentNullException.ThrowIfNull(router);
        return AddMount(null, prefix, router.ToGatewayApp(), router);
    }

    /// <summary>Routes requests for a host name to an app; see <see cref="HostRoute"/>. Host routes are tried before
    /// path routes, in registration order: a host route takes every request for its host.</summary>
    /// <param name="hostTemplate">The host template, such as <c>{tenant}.example.com</c>.</param>
    /// <param name="app">The app.</param>
    /// <returns>The route's builder; its name namespaces a router's names.</returns>
    public RouteBuilder Host(string hostTemplate, GatewayApp app)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostTemplate);
        ArgumentNullException.ThrowIfNull(app);
        return Add(new RouteBuilder(this, null, EmptyPrefix, [], app, (b, endpoint, metadata) => new HostRoute(hostTemplate, endpoint, Convertors, b.Name, metadata)));
    }

    /// <summary>Routes requests for a host name to a router.</summary>
    /// <param name="hostTemplate">The host template.</param>
    /// <param name="router">The router.</param>
    /// <returns>The route's builder.</returns>
    public RouteBuilder Host(string hostTemplate, Router router)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostTemplate);
        ArgumentNullException.ThrowIfNull(router);
        return Add(new RouteBuilder(this, null, EmptyPrefix, [], router.ToGatewayApp(), (b, endpoint, metadata) => new HostRoute(hostTemplate, endpoint, Convertors, b.Name, metadata) { Router = router }));
    }

    /// <inheritdoc />
    public RouteGroup MapGroup(string prefix) => AddGroup(null, prefix);

    /// <summary>
    /// Compiles the routes and freezes the router; later registrations throw. Called by the first request; call it
    /// yourself to surface configuration errors (duplicate names, conflicting templates) at start-up.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two routes share a name.</exception>
    public void Build() => GetBuilt();

    /// <summary>The compiled routes, in registration order (builds the router).</summary>
    /// <returns>The routes.</returns>
    public IReadOnlyList<RouteBase> GetRouteTable() => GetBuilt().Routes;

    internal void ThrowIfBuilt()
    {
        if (_built is not null)
        {
            throw new InvalidOperationException("The router has been built (it served a request or Build() was called); routes can no longer be added or changed.");
        }
    }

    internal RouteBuilder AddEndpoint(RouteGroup? group, string template, IReadOnlyList<string> methods, GatewayApp endpoint, bool webSocket)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(endpoint);
        var parsed = RouteTemplate.Parse(template, Convertors);
        if (parsed.Segments.Length == 0)
        {
            throw new FormatException("A route template cannot be empty; use \"/\" for the root.");
        }

        var full = group is null ? parsed : RouteTemplate.Combine(group.Prefix, parsed);
        return Add(webSocket
            ? new RouteBuilder(this, group, full, methods, endpoint, (b, app, metadata) => new WebSocketRoute(b.Template, app, b.Name, metadata))
            : new RouteBuilder(this, group, full, methods, endpoint, (b, app, metadata) => new Route(b.Template, b.Methods, app, b.Name, metadata)));
    }

    internal RouteBuilder AddMount(RouteGroup? group, string prefix, GatewayApp app, Router? router)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (ReferenceEquals(router, this))
        {
            throw new ArgumentException("A router cannot be mounted in itself.", nameof(router));
        }

        var parsed = RouteTemplate.ParsePrefix(prefix, Convertors);
        var full = group is null ? parsed : RouteTemplate.Combine(group.Prefix, parsed);
        return Add(new RouteBuilder(this, group, full, [], app, (b, endpoint, metadata) => new Mount(b.Template, endpoint, b.Name, metadata) { Router = router }));
    }

    internal RouteGroup AddGroup(RouteGroup? parent, string prefix)
    {
        ThrowIfBuilt();
        var parsed = RouteTemplate.ParsePrefix(prefix, Convertors);
        return new RouteGroup(this, parent, parent is null ? parsed : RouteTemplate.Combine(parent.Prefix, parsed));
    }

    private RouteBuilder Add(RouteBuilder builder)
    {
        ThrowIfBuilt();
        _builders.Add(builder);
        return builder;
    }
}