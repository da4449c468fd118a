namespace Gateway.Routing;

/// <summary>How a <see cref="Router"/> behaves.</summary>
public sealed class RouterOptions
{
    /// <summary>The convertors templates may name. Add custom convertors before mapping the routes that use them.</summary>
    public ConvertorRegistry Convertors { get; init; } = new();

    /// <summary>Whether a request that matches nothing, but would match with a trailing slash added or removed, is
    /// redirected there (Starlette's <c>redirect_slashes</c>). Default true.</summary>
    public bool RedirectSlashes { get; init; } = true;

    /// <summary>The status of trailing-slash redirects: 307 (default) or 308. Both keep the method and body.</summary>
    public int RedirectStatus
    {
        get;
        init => field = value is 307 or 308 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Trailing-slash redirects use 307 or 308, which keep the method.");
    } = 307;

    /// <summary>The app that receives the lifespan scope, or null for a router that acknowledges startup and shutdown
    /// itself.</summary>
    public GatewayApp? Lifespan { get; init; }
}