using System.Diagnostics.CodeAnalysis;

using Gateway.Routing;

namespace Gateway.Validation;

/// <summary>
/// Maps handlers (ordinary delegates) on a <see cref="Router"/> or route group, FastAPI style:
/// <c>router.MapPost("/users", (CreateUser user, IUserStore store) =&gt; ...)</c>. Each call builds the handler's
/// binding plan once, registers its app, and attaches the <see cref="HandlerEndpoint"/> as route metadata for the
/// OpenAPI document.
/// </summary>
public static class HandlerRouteExtensions
{
    private const string UnreferencedCode = "Binding inspects the handler's parameter and model types with reflection.";
    private const string DynamicCode = "Binding compiles expressions and closes generic types over the handler's parameter types.";

    /// <summary>Maps a <c>GET</c> handler.</summary>
    /// <param name="builder">The router or group.</param>
    /// <param name="pattern">The route template, such as <c>/users/{id:int}</c>.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The route, to name it or add metadata.</returns>
    [RequiresUnreferencedCode(UnreferencedCode)]
    [RequiresDynamicCode(DynamicCode)]
    public static RouteBuilder MapGet(this IRouteBuilder builder, string pattern, Delegate handler) => MapHandler(builder, pattern, [HttpMethods.Get], handler);

    /// <summary>Maps a <c>POST</c> handler.</summary>
    /// <param name="builder">The router or group.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(UnreferencedCode)]
    [RequiresDynamicCode(DynamicCode)]
    public static RouteBuilder MapPost(this IRouteBuilder builder, string pattern, Delegate handler) => MapHandler(builder, pattern, [HttpMethods.Post], handler);

    /// <summary>Maps a <c>PUT</c> handler.</summary>
    /// <param name="builder">The router or group.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(UnreferencedCode)]
    [RequiresDynamicCode(DynamicCode)]
    public static RouteBuilder MapPut(this IRouteBuilder builder, string pattern, Delegate handler) => MapHandler(builder, pattern, [HttpMethods.Put], handler);

    /// <summary>Maps a <c>DELETE</c> handler.</summary>
    /// <param name="builder">The router or group.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(UnreferencedCode)]
    [RequiresDynamicCode(DynamicCode)]
    public static RouteBuilder MapDelete(this IRouteBuilder builder, string pattern, Delegate handler) => MapHandler(builder, pattern, [HttpMethods.Delete], handler);

    /// <summary>Maps a <c>PATCH</c> handler.</summary>
    /// <param name="builder">The router or group.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(UnreferencedCode)]
    [RequiresDynamicCode(DynamicCode)]
    public static RouteBuilder MapPatch(this IRouteBuilder builder, string pattern, Delegate handler) => MapHandler(builder, pattern, [HttpMethods.Patch], handler);

    /// <summary>Maps a WebSocket handler; a <see cref="WebSocketConnection"/> parameter receives the session, and path,
    /// query, header, cookie and service parameters bind as for HTTP; a binding error refuses the handshake with the 422
    /// problem when the server offers denial responses, otherwise with close code 1008 (policy violation).</summary>
    /// <param name="builder">The router or group.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(UnreferencedCode)]
    [RequiresDynamicCode(DynamicCode)]
    public static RouteBuilder MapWebSocket(this IRouteBuilder builder, string pattern, Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var endpoint = HandlerEndpoint.Create(handler, null, PathParameterNames(builder, pattern));
        return builder.MapWebSocket(pattern, endpoint.App).WithMetadata(endpoint);
    }

    /// <summary>Maps a handler for <paramref name="methods"/> with binding options.</summary>
    /// <param name="builder">The router or group.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="methods">The HTTP methods.</param>
    /// <param name="handler">The handler.</param>
    /// <param name="options">Binding options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(UnreferencedCode)]
    [RequiresDynamicCode(DynamicCode)]
    public static RouteBuilder MapHandler(this IRouteBuilder builder, string pattern, IReadOnlyList<string> methods, Delegate handler, HandlerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(methods);
        var endpoint = HandlerEndpoint.Create(handler, options, PathParameterNames(builder, pattern));
        return builder.MapMethods(pattern, methods, endpoint.App).WithMetadata(endpoint);
    }

    private static string[] PathParameterNames(IRouteBuilder builder, string pattern)
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