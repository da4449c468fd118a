using System.Text.Json;

namespace Gateway.Routing;

/// <summary>How a <see cref="Router"/> behaves.</summary>
public sealed class RouterOptions
{
    /// <summary>The defaults, for requests read without a router.</summary>
    internal static RouterOptions Default { get; } = new();

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

    /// <summary>The JSON conventions of the router's requests and responses: what <see cref="Request.ReadJsonAsync{T}()"/>
    /// reads with, what a <see cref="JsonResponse{T}"/> made without metadata is written with, and the default of every
    /// handler mapped on the router. <see cref="JsonDefaults.Options"/> unless set; made read-only when the first route
    /// is mapped with it.</summary>
    public JsonSerializerOptions JsonOptions { get; init; } = JsonDefaults.Options;

    /// <summary>The largest request body <see cref="Request"/> reads whole (JSON and URL-encoded bodies), and the default
    /// of every handler on the router: 1 MiB. A larger body is answered 413.</summary>
    public long MaxBodySize
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The body limit must be positive.");
    } = 1024 * 1024;

    /// <summary>The limits of form bodies (<c>multipart/form-data</c> and URL-encoded) and of the number of query
    /// parameters (<see cref="FormOptions.MaxFields"/>).</summary>
    public FormOptions Form { get; init; } = new();

    /// <summary>The application's services, when known before routes are mapped: handlers use them to tell a service
    /// parameter from a body one (through <c>IServiceProviderIsService</c>), as Minimal APIs do. Requests still get their
    /// services from <see cref="Scope.Services"/>.</summary>
    public IServiceProvider? Services { get; init; }

    /// <summary>Where handlers log the exceptions they answer with a 500; when null, the
    /// <c>ILoggerFactory</c> of <see cref="Scope.Services"/>, else standard error, so an error is never silent.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The app that receives the lifespan scope, or null for a router that acknowledges startup and shutdown
    /// itself.</summary>
    public GatewayApp? Lifespan { get; init; }
}