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
        Describe(EmptyPrefix, null, [], null, routes);
        return routes;
    }

    private void Describe(RouteTemplate prefix, string? namePrefix, IReadOnlyList<object> metadata, string? host, List<RouteDescriptor> routes)
    {
        var built = GetBuilt();
        for (var i = 0; i < built.Routes.Length; i++)
        {
            var route = built.Routes[i];
            var builder = _builders[i];
            var template = RouteTemplate.Combine(prefix, route.Template);
            var name = route.Name is null ? null : namePrefix + route.Name;
            IReadOnlyList<object> allMetadata = metadata.Count == 0 ? route.Metadata : [.. metadata, .. route.Metadata];
            switch (route)
            {
                case Route http:
                    routes.Add(new RouteDescriptor(RouteKind.Http, template, http.Methods, name, allMetadata, builder.Endpoint, host));
                    break;
                case WebSocketRoute:
                    routes.Add(new RouteDescriptor(RouteKind.WebSocket, template, [], name, allMetadata, builder.Endpoint, host));
                    break;
                case Mount { Router: { } router }:
                    router.Describe(template, route.Name is null ? namePrefix : name + ":", allMetadata, host, routes);
                    break;
                case Host { Router: { } router } hostRoute:
                    router.Describe(template, route.Name is null ? namePrefix : name + ":", allMetadata, hostRoute.HostTemplate, routes);
                    break;
                case Host hostRoute:
                    routes.Add(new RouteDescriptor(RouteKind.Host, template, [], name, allMetadata, builder.Endpoint, hostRoute.HostTemplate));
                    break;
                default:
                    routes.Add(new RouteDescriptor(RouteKind.Mount, template, [], name, allMetadata, builder.Endpoint, host));
                    break;
            }
        }
    }
}