namespace Gateway.Routing;

/// <summary>What lies above a route when a router lists its routes: the mounts' and groups' template, name namespace,
/// metadata and host.</summary>
internal readonly record struct RoutePrefix(RouteTemplate Template, string? NamePrefix, IReadOnlyList<object> Metadata, string? Host)
{
    /// <summary>The prefix a route's own entries (or a mounted router's) are listed under.</summary>
    public RoutePrefix Enter(RouteBase route)
    {
        IReadOnlyList<object> metadata = Metadata.Count == 0 ? route.Metadata : [.. Metadata, .. route.Metadata];
        var names = route.Name is null ? NamePrefix : NamePrefix + route.Name + ":";
        return new RoutePrefix(RouteTemplate.Combine(Template, route.Template), names, metadata, Host);
    }

    /// <summary>The full name of a route named <paramref name="name"/> here, or null.</summary>
    public string? FullName(string? name) => name is null ? null : NamePrefix + name;
}