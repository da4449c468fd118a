namespace Gateway.Routing;

/// <summary>
/// One route as <see cref="Router.GetRoutes"/> reports it, with group and mount prefixes applied: what an OpenAPI
/// generator or a route listing needs.
/// </summary>
public sealed class RouteDescriptor
{
    internal RouteDescriptor(RouteKind kind, RouteTemplate template, IReadOnlyList<string> methods, string? name, IReadOnlyList<object> metadata, GatewayApp endpoint, string? host)
    {
        Kind = kind;
        Template = template;
        Methods = methods;
        Name = name;
        Metadata = metadata;
        Endpoint = endpoint;
        Host = host;
    }

    /// <summary>What the route is.</summary>
    public RouteKind Kind { get; }

    /// <summary>Whether it is a WebSocket route.</summary>
    public bool IsWebSocket => Kind == RouteKind.WebSocket;

    /// <summary>The full template, every prefix included (for a plain mount, its prefix).</summary>
    public RouteTemplate Template { get; }

    /// <summary>The full template text, such as <c>/api/users/{id:int}</c>.</summary>
    public string Path => Template.Text.Length == 0 ? "/" : Template.Text;

    /// <summary>The template parameters, prefixes' first, with their convertor names and CLR types.</summary>
    public IReadOnlyList<RouteParameter> Parameters => Template.Parameters;

    /// <summary>The HTTP methods (with <c>HEAD</c> next to <c>GET</c>); empty for every method and for non-HTTP routes.</summary>
    public IReadOnlyList<string> Methods { get; }

    /// <summary>The full name for <see cref="Router.UrlFor(string)"/> (mount namespaces joined with <c>:</c>), or null.</summary>
    public string? Name { get; }

    /// <summary>The metadata: mounts' and groups' first, then the route's own.</summary>
    public IReadOnlyList<object> Metadata { get; }

    /// <summary>The endpoint app as registered, before route middleware.</summary>
    public GatewayApp Endpoint { get; }

    /// <summary>The host template when the route is reached through a <see cref="HostRoute"/>, otherwise null.</summary>
    public string? Host { get; }

    /// <inheritdoc />
    public override string ToString() => Methods.Count == 0 ? $"{Kind} {Path}" : $"{string.Join(',', Methods)} {Path}";
}