namespace Gateway.Routing;

/// <summary>An HTTP endpoint: a path template, the methods it accepts, and the app that answers.</summary>
/// <remarks>A route that accepts <c>GET</c> also answers <c>HEAD</c> (the server drops the body).</remarks>
public sealed class Route : RouteBase
{
    private readonly string[] _methods;

    /// <summary>Creates a route.</summary>
    /// <param name="template">The parsed template.</param>
    /// <param name="methods">The methods, upper case; empty for every method.</param>
    /// <param name="app">The endpoint.</param>
    /// <param name="name">The name for URL generation.</param>
    /// <param name="metadata">Metadata objects.</param>
    public Route(RouteTemplate template, IReadOnlyList<string> methods, GatewayApp app, string? name = null, IReadOnlyList<object>? metadata = null)
        : base(template, app, name, metadata)
    {
        ArgumentNullException.ThrowIfNull(methods);
        var list = new List<string>(methods.Count + 1);
        foreach (var method in methods)
        {
            var normalized = HttpMethods.Normalize(method);
            if (!list.Contains(normalized))
            {
                list.Add(normalized);
            }
        }

        if (list.Contains(HttpMethods.Get) && !list.Contains(HttpMethods.Head))
        {
            list.Add(HttpMethods.Head);
        }

        _methods = [.. list];
    }

    /// <summary>The accepted methods (with <c>HEAD</c> added when <c>GET</c> is there); empty means every method.</summary>
    public IReadOnlyList<string> Methods => _methods;

    internal override bool IsPrefix => false;

    /// <inheritdoc />
    public override RouteMatch Match(Scope scope, out Scope child)
    {
        ArgumentNullException.ThrowIfNull(scope);
        child = scope;
        if (scope.Type != ScopeType.Http || !Template.TryMatch(scope.Path, out var parameters))
        {
            return RouteMatch.None;
        }

        var match = MatchMethod(scope);
        if (match == RouteMatch.Full && parameters.Count > 0)
        {
            child = scope with { PathParameters = scope.PathParameters.Concat(parameters) };
        }

        return match;
    }

    internal override IReadOnlyList<string> AllowedMethods => _methods;

    internal override void Describe(in RoutePrefix prefix, GatewayApp endpoint, List<RouteDescriptor> routes)
    {
        var inner = prefix.Enter(this);
        routes.Add(new RouteDescriptor(RouteKind.Http, inner.Template, _methods, prefix.FullName(Name), inner.Metadata, endpoint, prefix.Host));
    }

    internal override RouteMatch MatchMethod(Scope scope)
    {
        if (scope.Type != ScopeType.Http)
        {
            return RouteMatch.None;
        }

        var methods = _methods;
        if (methods.Length == 0)
        {
            return RouteMatch.Full;
        }

        var method = scope.Method;
        foreach (var candidate in methods)
        {
            if ((object)candidate == method || string.Equals(candidate, method, StringComparison.Ordinal))
            {
                return RouteMatch.Full;
            }
        }

        return RouteMatch.Partial;
    }
}