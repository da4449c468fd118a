namespace Gateway.Routing;

/// <summary>
/// Where routes are added: implemented by <see cref="Router"/> and by <see cref="RouteGroup"/> (whose routes get the
/// group's prefix, middleware and metadata). Packages add handler-based overloads as extension methods on this
/// interface (for example <c>MapGet(this IRouteBuilder, string, Delegate)</c>); the instance methods here take a
/// <see cref="GatewayApp"/>, so lambdas shaped like one bind to them and other delegates fall through to extensions.
/// </summary>
/// <remarks>Routes can be added until the router is built (its first request, or <see cref="Router.Build"/>).</remarks>
public interface IRouteBuilder
{
    /// <summary>The router that owns the routes (itself, for a router).</summary>
    Router Router { get; }

    /// <summary>The prefix this builder puts before templates (<c>""</c> for a router).</summary>
    RouteTemplate Prefix { get; }

    /// <summary>Adds an HTTP route that accepts every method.</summary>
    /// <param name="pattern">The path template, such as <c>/users/{id:int}</c>.</param>
    /// <param name="endpoint">The app that answers.</param>
    /// <returns>The route's builder, to name it or add metadata and middleware.</returns>
    RouteBuilder Map(string pattern, GatewayApp endpoint);

    /// <summary>Adds an HTTP route for the given methods.</summary>
    /// <param name="pattern">The path template.</param>
    /// <param name="methods">The methods (case-insensitive); a <c>GET</c> route also answers <c>HEAD</c>.</param>
    /// <param name="endpoint">The app that answers.</param>
    /// <returns>The route's builder.</returns>
    RouteBuilder MapMethods(string pattern, IReadOnlyList<string> methods, GatewayApp endpoint);

    /// <summary>Adds a <c>GET</c> (and <c>HEAD</c>) route.</summary>
    /// <param name="pattern">The path template.</param>
    /// <param name="endpoint">The app that answers.</param>
    /// <returns>The route's builder.</returns>
    RouteBuilder MapGet(string pattern, GatewayApp endpoint);

    /// <summary>Adds a <c>POST</c> route.</summary>
    /// <param name="pattern">The path template.</param>
    /// <param name="endpoint">The app that answers.</param>
    /// <returns>The route's builder.</returns>
    RouteBuilder MapPost(string pattern, GatewayApp endpoint);

    /// <summary>Adds a <c>PUT</c> route.</summary>
    /// <param name="pattern">The path template.</param>
    /// <param name="endpoint">The app that answers.</param>
    /// <returns>The route's builder.</returns>
    RouteBuilder MapPut(string pattern, GatewayApp endpoint);

    /// <summary>Adds a <c>DELETE</c> route.</summary>
    /// <param name="pattern">The path template.</param>
    /// <param name="endpoint">The app that answers.</param>
    /// <returns>The route's builder.</returns>
    RouteBuilder MapDelete(string pattern, GatewayApp endpoint);

    /// <summary>Adds a <c>PATCH</c> route.</summary>
    /// <param name="pattern">The path template.</param>
    /// <param name="endpoint">The app that answers.</param>
    /// <returns>The route's builder.</returns>
    RouteBuilder MapPatch(string pattern, GatewayApp endpoint);

    /// <summary>Adds a WebSocket route.</summary>
    /// <param name="pattern">The path template.</param>
    /// <param name="endpoint">The app that runs the connection.</param>
    /// <returns>The route's builder.</returns>
    RouteBuilder MapWebSocket(string pattern, GatewayApp endpoint);

    /// <summary>Mounts an app (often another <see cref="Routing.Router"/>) under a prefix; see <see cref="Routing.Mount"/>.</summary>
    /// <param name="prefix">The prefix, such as <c>/api</c> or <c>/users/{id:int}</c>.</param>
    /// <param name="app">The sub-app.</param>
    /// <returns>The mount's builder; its name namespaces a mounted router's route names.</returns>
    RouteBuilder Mount(string prefix, GatewayApp app);

    /// <summary>Mounts a router under a prefix, so its routes can be enumerated and its names reached by URL generation.</summary>
    /// <param name="prefix">The prefix.</param>
    /// <param name="router">The sub-router.</param>
    /// <returns>The mount's builder.</returns>
    RouteBuilder Mount(string prefix, Router router);

    /// <summary>Creates a group: routes added to it get <paramref name="prefix"/>, and the group's middleware and
    /// metadata (FastAPI's <c>APIRouter</c> included with a prefix).</summary>
    /// <param name="prefix">The prefix, such as <c>/users</c>.</param>
    /// <returns>The group.</returns>
    RouteGroup MapGroup(string prefix);
}