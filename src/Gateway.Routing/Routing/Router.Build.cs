namespace Gateway.Routing;

public sealed partial class Router
{
    /// <summary>The matcher of the built router (building it on first use), for benchmarks and tests.</summary>
    internal RouteTree Tree => GetBuilt().Tree;

    private BuiltRouter GetBuilt()
    {
        var built = _built;
        if (built is not null)
        {
            return built;
        }

        lock (_buildLock)
        {
            return _built ??= Compile();
        }
    }

    private BuiltRouter Compile()
    {
        var routes = new RouteBase[_builders.Count];
        var names = new Dictionary<string, RouteBase>(StringComparer.Ordinal);
        for (var i = 0; i < routes.Length; i++)
        {
            var builder = _builders[i];
            var metadata = new List<object>();
            var middleware = new List<Middleware>();
            foreach (var factory in _perRouteMiddleware)
            {
                middleware.Add(factory(builder));
            }

            CollectGroups(builder.Group, metadata, middleware);
            metadata.AddRange(builder.Metadata);
            middleware.AddRange(builder.Middleware);
            var app = MiddlewareStack.Build(builder.Endpoint, [.. middleware]);
            var route = builder.CreateRoute(app, metadata);
            if (builder.Name is { } name && !names.TryAdd(name, route))
            {
                throw new InvalidOperationException($"Two routes are named '{name}' ('{names[name].Template}' and '{route.Template}').");
            }

            routes[i] = route;
        }

        var hosts = Array.FindAll(routes, route => route.MatchesByHost);
        var paths = Array.FindAll(routes, route => !route.MatchesByHost);
        var composed = MiddlewareStack.Build(Dispatch, [.. _middleware]);
        return new BuiltRouter(routes, new RouteTree(paths), hosts, names, composed);
    }

    private static void CollectGroups(RouteGroup? group, List<object> metadata, List<Middleware> middleware)
    {
        if (group is null)
        {
            return;
        }

        CollectGroups(group.Parent, metadata, middleware);
        metadata.AddRange(group.Metadata);
        middleware.AddRange(group.Middleware);
    }

    private sealed record BuiltRouter(RouteBase[] Routes, RouteTree Tree, RouteBase[] Hosts, Dictionary<string, RouteBase> Names, GatewayApp App);
}