namespace Gateway.Routing;

/// <summary>
/// A sub-app under a path prefix, as Starlette's <c>Mount</c>: for <c>/api</c>, the paths <c>/api</c> and <c>/api/...</c>
/// go to the app, which sees <see cref="Scope.RootPath"/> extended by the matched prefix and <see cref="Scope.Path"/>
/// stripped of it (<c>/</c> for the prefix itself). Prefix parameters are added to the path parameters.
/// </summary>
public sealed class Mount : RouteBase
{
    /// <summary>Creates a mount.</summary>
    /// <param name="prefix">The parsed prefix (see <see cref="RouteTemplate.ParsePrefix"/>).</param>
    /// <param name="app">The sub-app; often a <see cref="Router"/>.</param>
    /// <param name="name">The namespace of the sub-router's route names (<c>name:route</c>), or null.</param>
    /// <param name="metadata">Metadata objects, inherited by the routes of a mounted router when enumerated.</param>
    public Mount(RouteTemplate prefix, GatewayApp app, string? name = null, IReadOnlyList<object>? metadata = null)
        : base(prefix, app, name, metadata)
    {
        if (prefix.HasCatchAll)
        {
            throw new ArgumentException("A mount prefix cannot end with a catch-all parameter.", nameof(prefix));
        }
    }

    /// <summary>The mounted router, when the app is one (for URL generation and route enumeration).</summary>
    public Router? Router { get; init; }

    internal override bool IsPrefix => true;

    /// <inheritdoc />
    public override RouteMatch Match(Scope scope, out Scope child)
    {
        ArgumentNullException.ThrowIfNull(scope);
        child = scope;
        if (scope.Type == ScopeType.Lifespan || !Template.TryMatchPrefix(scope.Path, out var parameters, out var length))
        {
            return RouteMatch.None;
        }

        var path = scope.Path;
        child = scope with
        {
            Path = length >= path.Length ? "/" : path[length..],
            RootPath = scope.RootPath + path[..length],
            PathParameters = scope.PathParameters.Concat(parameters),
        };
        return RouteMatch.Full;
    }

    internal override RouteMatch MatchMethod(Scope scope) => Match(scope, out _);

    internal override void Describe(in RoutePrefix prefix, GatewayApp endpoint, List<RouteDescriptor> routes)
    {
        var inner = prefix.Enter(this);
        if (Router is { } router)
        {
            router.Describe(inner, routes);
        }
        else
        {
            routes.Add(new RouteDescriptor(RouteKind.Mount, inner.Template, [], prefix.FullName(Name), inner.Metadata, endpoint, prefix.Host));
        }
    }

    internal override string UrlFor(string? rest, IReadOnlyDictionary<string, object?> values) => MountedUrlFor(Router, rest, values);
}