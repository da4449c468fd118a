namespace Gateway.Routing;

/// <summary>What routes and groups share when they collect metadata and middleware: the checks and the append.</summary>
internal static class RouteConventions
{
    /// <summary>Appends metadata objects (none may be null) while the router is still being built.</summary>
    public static void AddMetadata(Router router, List<object> into, object[] metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        router.ThrowIfBuilt();
        foreach (var item in metadata)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(metadata));
        }

        into.AddRange(metadata);
    }

    /// <summary>Appends a middleware while the router is still being built.</summary>
    public static void AddMiddleware(Router router, List<Middleware> into, Middleware middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        router.ThrowIfBuilt();
        into.Add(middleware);
    }
}