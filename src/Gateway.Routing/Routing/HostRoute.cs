namespace Gateway.Routing;

/// <summary>
/// A sub-app chosen by the request's host name, as Starlette's <c>Host</c>: <c>{tenant}.example.com</c> matches
/// <c>acme.example.com</c> (any port) and adds <c>tenant</c> to the path parameters. Labels are compared ignoring case.
/// </summary>
public sealed class HostRoute : RouteBase
{
    private readonly HostLabel[] _labels;

    /// <summary>Creates a host route.</summary>
    /// <param name="hostTemplate">Dot-separated labels, each literal or <c>{name}</c> / <c>{name:convertor}</c>.</param>
    /// <param name="app">The app for that host; often a <see cref="Router"/>.</param>
    /// <param name="convertors">Where to find convertors; the built-ins when null.</param>
    /// <param name="name">The namespace of the sub-router's route names, or null.</param>
    /// <param name="metadata">Metadata objects.</param>
    /// <exception cref="FormatException">The template is malformed.</exception>
    public HostRoute(string hostTemplate, GatewayApp app, ConvertorRegistry? convertors = null, string? name = null, IReadOnlyList<object>? metadata = null)
        : base(RouteTemplate.Parse(string.Empty), app, name, metadata)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostTemplate);
        HostTemplate = hostTemplate;
        var asPath = RouteTemplate.Parse("/" + hostTemplate.Replace('.', '/'), convertors);
        if (asPath.HasCatchAll)
        {
            throw new FormatException($"The host template '{hostTemplate}' cannot use a catch-all.");
        }

        _labels = new HostLabel[asPath.Segments.Length];
        for (var i = 0; i < _labels.Length; i++)
        {
            _labels[i] = new HostLabel(asPath.Segments[i].Literal, asPath.Segments[i].Parameter);
        }
    }

    /// <summary>The host template.</summary>
    public string HostTemplate { get; }

    /// <summary>The mounted router, when the app is one.</summary>
    public Router? Router { get; init; }

    internal override bool IsPrefix => true;

    /// <inheritdoc />
    public override RouteMatch Match(Scope scope, out Scope child)
    {
        ArgumentNullException.ThrowIfNull(scope);
        child = scope;
        if (scope.Type == ScopeType.Lifespan || scope.Headers.GetValue("host") is not { } host)
        {
            return RouteMatch.None;
        }

        var colon = host.LastIndexOf(':');
        if (colon >= 0 && !host.EndsWith(']'))
        {
            host = host[..colon];
        }

        var labels = host.Split('.');
        if (labels.Length != _labels.Length)
        {
            return RouteMatch.None;
        }

        List<KeyValuePair<string, object>>? values = null;
        for (var i = 0; i < labels.Length; i++)
        {
            var label = _labels[i];
            if (label.Literal is { } literal)
            {
                if (!string.Equals(literal, labels[i], StringComparison.OrdinalIgnoreCase))
                {
                    return RouteMatch.None;
                }
            }
            else if (label.Parameter!.Convertor.TryConvert(labels[i], out var value))
            {
                (values ??= []).Add(new(label.Parameter.Name, value));
            }
            else
            {
                return RouteMatch.None;
            }
        }

        if (values is not null)
        {
            child = scope with { PathParameters = scope.PathParameters.Concat(PathParameters.Create([.. values])) };
        }

        return RouteMatch.Full;
    }

    internal override RouteMatch MatchMethod(Scope scope) => Match(scope, out _);

    internal override bool MatchesByHost => true;

    internal override void Describe(in RoutePrefix prefix, GatewayApp endpoint, List<RouteDescriptor> routes)
    {
        var inner = prefix.Enter(this) with { Host = HostTemplate };
        if (Router is { } router)
        {
            router.Describe(inner, routes);
        }
        else
        {
            routes.Add(new RouteDescriptor(RouteKind.Host, inner.Template, [], prefix.FullName(Name), inner.Metadata, endpoint, HostTemplate));
        }
    }

    internal override string UrlFor(string? rest, IReadOnlyDictionary<string, object?> values) => MountedUrlFor(Router, rest, values);

    private readonly record struct HostLabel(string? Literal, RouteParameter? Parameter);
}