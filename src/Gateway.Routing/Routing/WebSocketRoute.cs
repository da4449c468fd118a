namespace Gateway.Routing;

/// <summary>A WebSocket endpoint: a path template and the app that runs the connection.</summary>
public sealed class WebSocketRoute : RouteBase
{
    /// <summary>Creates a WebSocket route.</summary>
    /// <param name="template">The parsed template.</param>
    /// <param name="app">The endpoint; it receives <see cref="WebSocketConnect"/> first.</param>
    /// <param name="name">The name for URL generation.</param>
    /// <param name="metadata">Metadata objects.</param>
    public WebSocketRoute(RouteTemplate template, GatewayApp app, string? name = null, IReadOnlyList<object>? metadata = null)
        : base(template, app, name, metadata)
    {
    }

    internal override bool IsPrefix => false;

    /// <inheritdoc />
    public override RouteMatch Match(Scope scope, out Scope child)
    {
        ArgumentNullException.ThrowIfNull(scope);
        child = scope;
        if (scope.Type != ScopeType.WebSocket || !Template.TryMatch(scope.Path, out var parameters))
        {
            return RouteMatch.None;
        }

        if (parameters.Count > 0)
        {
            child = scope with { PathParameters = scope.PathParameters.Concat(parameters) };
        }

        return RouteMatch.Full;
    }

    internal override RouteMatch MatchMethod(Scope scope) => scope.Type == ScopeType.WebSocket ? RouteMatch.Full : RouteMatch.None;

    internal override void Describe(in RoutePrefix prefix, GatewayApp endpoint, List<RouteDescriptor> routes)
    {
        var inner = prefix.Enter(this);
        routes.Add(new RouteDescriptor(RouteKind.WebSocket, inner.Template, [], prefix.FullName(Name), inner.Metadata, endpoint, prefix.Host));
    }
}