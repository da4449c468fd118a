using System.Diagnostics.CodeAnalysis;

using Gateway.Validation;

namespace Gateway.Routing;

/// <summary>
/// Maps handlers (ordinary delegates) on a <see cref="Router"/> or route group, FastAPI style:
/// <c>router.MapPost("/users", (CreateUser user, IUserStore store) =&gt; ...)</c>. Each call builds the handler's
/// binding plan once, registers its app, and attaches the <see cref="HandlerEndpoint"/> as route metadata for the
/// OpenAPI document. These live in the namespace of <see cref="Router"/>, so one <c>using Gateway.Routing;</c> brings
/// both the <see cref="GatewayApp"/> overloads and these.
/// </summary>
/// <remarks>
/// <para>Parameters bind by attribute (<see cref="FromPathAttribute"/>, <see cref="FromQueryAttribute"/>,
/// <see cref="FromHeaderAttribute"/>, <see cref="FromCookieAttribute"/>, <see cref="FromBodyAttribute"/>,
/// <see cref="FromFormAttribute"/>, <see cref="FromServicesAttribute"/>) or by convention: a name in the template binds
/// from the path; a simple type (and a collection of them) from the query; <see cref="Request"/>, <see cref="Scope"/>,
/// <see cref="CancellationToken"/>, <see cref="Receive"/>, <see cref="Send"/>, <see cref="WebSocketConnection"/> and
/// <see cref="IServiceProvider"/> are supplied; a type the container knows (through <c>IServiceProviderIsService</c> of
/// <see cref="RouterOptions.Services"/>) is a service; anything else is the JSON body.</para>
/// <para>The return value becomes the response: a <see cref="Response"/> or app is sent as is, a <see cref="string"/>
/// is <c>text/plain</c>, nothing is <c>204</c>, an <see cref="IAsyncEnumerable{T}"/> a streamed JSON array, anything
/// else JSON. Errors are <c>application/problem+json</c>, as the router's 404: 422 for invalid parameters (FastAPI's
/// <c>errors</c>), 413 and 415 for bodies, an <see cref="HttpException"/>'s status, 500 for an exception (logged).</para>
/// </remarks>
public static class HandlerRouteExtensions
{
    private const string UnreferencedCode = "Binding inspects the handler's parameter and model types with reflection; a call Gateway.Validation's source generator intercepts (a lambda or method group) does not.";
    private const string DynamicCode = "Binding compiles expressions and closes generic types over the handler's parameter types; a call Gateway.Validation's source generator intercepts (a lambda or method group) does not.";

    /// <summary>Maps a <c>GET</c> (and <c>HEAD</c>) handler.</summary>
    /// <param name="builder">The router or group.</param>
    /// <param name="pattern">The route template, such as <c>/users/{id:int}</c>.</param>
    /// <param name="handler">The handler.</param>
    /// <param name="options">Options where the handler differs from the router's defaults, or null.</param>
    /// <returns>The route, to name it, document it or add metadata.</returns>
    [RequiresUnreferencedCode(UnreferencedCode)]
    [RequiresDynamicCode(DynamicCode)]
    public static RouteBuilder MapGet(this IRouteBuilder builder, string pattern, Delegate handler, HandlerOptions? options = null) =>
        MapHandler(builder, pattern, [HttpMethods.Get], handler, options);

    /// <summary>Maps a <c>POST</c> handler.</summary>
    /// <param name="builder">The router or group.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler.</param>
    /// <param name="options">Options where the handler differs from the router's defaults, or null.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(UnreferencedCode)]
    [RequiresDynamicCode(DynamicCode)]
    public static RouteBuilder MapPost(this IRouteBuilder builder, string pattern, Delegate handler, HandlerOptions? options = null) =>
        MapHandler(builder, pattern, [HttpMethods.Post], handler, options);

    /// <summary>Maps a <c>PUT</c> handler.</summary>
    /// <param name="builder">The router or group.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler.</param>
    /// <param name="options">Options where the handler differs from the router's defaults, or null.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(UnreferencedCode)]
    [RequiresDynamicCode(DynamicCode)]
    public static RouteBuilder MapPut(this IRouteBuilder builder, string pattern, Delegate handler, HandlerOptions? options = null) =>
        MapHandler(builder, pattern, [HttpMethods.Put], handler, options);

    /// <summary>Maps a <c>DELETE</c> handler.</summary>
    /// <param name="builder">The router or group.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler.</param>
    /// <param name="options">Options where the handler differs from the router's defaults, or null.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(UnreferencedCode)]
    [RequiresDynamicCode(DynamicCode)]
    public static RouteBuilder MapDelete(this IRouteBuilder builder, string pattern, Delegate handler, HandlerOptions? options = null) =>
        MapHandler(builder, pattern, [HttpMethods.Delete], handler, options);

    /// <summary>Maps a <c>PATCH</c> handler.</summary>
    /// <param name="builder">The router or group.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler.</param>
    /// <param name="options">Options where the handler differs from the router's defaults, or null.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(UnreferencedCode)]
    [RequiresDynamicCode(DynamicCode)]
    public static RouteBuilder MapPatch(this IRouteBuilder builder, string pattern, Delegate handler, HandlerOptions? options = null) =>
        MapHandler(builder, pattern, [HttpMethods.Patch], handler, options);

    /// <summary>Maps a WebSocket handler; a <see cref="WebSocketConnection"/> parameter receives the session, and path,
    /// query, header, cookie and service parameters bind as for HTTP; a binding error refuses the handshake with the 422
    /// problem when the server offers denial responses, otherwise with close code 1008 (policy violation).</summary>
    /// <param name="builder">The router or group.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler.</param>
    /// <param name="options">Options where the handler differs from the router's defaults, or null.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(UnreferencedCode)]
    [RequiresDynamicCode(DynamicCode)]
    public static RouteBuilder MapWebSocket(this IRouteBuilder builder, string pattern, Delegate handler, HandlerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var endpoint = HandlerEndpoint.Create(handler, options, PathParameterNames(builder, pattern), builder.Router);
        return builder.MapWebSocket(pattern, endpoint.App).WithMetadata(endpoint);
    }

    /// <summary>Maps a handler for <paramref name="methods"/>.</summary>
    /// <param name="builder">The router or group.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="methods">The HTTP methods.</param>
    /// <param name="handler">The handler.</param>
    /// <param name="options">Options where the handler differs from the router's defaults, or null.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(UnreferencedCode)]
    [RequiresDynamicCode(DynamicCode)]
    public static RouteBuilder MapHandler(this IRouteBuilder builder, string pattern, IReadOnlyList<string> methods, Delegate handler, HandlerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(methods);
        var endpoint = HandlerEndpoint.Create(handler, options, PathParameterNames(builder, pattern), builder.Router);
        return builder.MapMethods(pattern, methods, endpoint.App).WithMetadata(endpoint);
    }

    internal static string[] PathParameterNames(IRouteBuilder builder, string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var template = RouteTemplate.Parse(pattern, builder.Router.Convertors);
        var prefix = builder.Prefix.Parameters;
        var names = new string[prefix.Count + template.Parameters.Count];
        for (var i = 0; i < prefix.Count; i++)
        {
            names[i] = prefix[i].Name;
        }

        for (var i = 0; i < template.Parameters.Count; i++)
        {
            names[prefix.Count + i] = template.Parameters[i].Name;
        }

        return names;
    }
}