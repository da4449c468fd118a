namespace Gateway.Routing;

public sealed partial class Router
{
    /// <summary>
    /// Lists every route reachable through this router, in registration order: its own routes (groups applied) and,
    /// recursively, the routes of mounted routers with the mount's prefix, name and metadata applied. A mount of an app
    /// that is not a router is listed as one <see cref="RouteKind.Mount"/> entry. Builds the router (and mounted ones).
    /// </summary>
    /// <returns>The routes.</returns>
    public IReadOnlyList<RouteDescriptor> GetRoutes()
    {
        var routes = new List<RouteDescriptor>();
        Describe(new RoutePrefix(EmptyPrefix, null, [], null), routes);
        return routes;
    }

    internal void Describe(in RoutePrefix prefix, List<RouteDescriptor> routes)
    {
        var built = GetBuilt();
        for (var i = 0; i < built.Routes.Length; i++)
        {
            built.Routes[i].Describe(prefix, _builders[i].Endpoint, routes);
        }
    }
}