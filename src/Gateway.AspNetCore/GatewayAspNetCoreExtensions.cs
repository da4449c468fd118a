using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.AspNetCore;

/// <summary>
/// Runs a <see cref="GatewayApp"/> inside ASP.NET Core, so that Gateway apps get Kestrel's HTTP/2, HTTP/3 and TLS, and
/// ASP.NET Core applications can adopt Gateway apps piecemeal.
/// </summary>
/// <remarks>
/// <para>The app sees the same contract as on Gateway.Server: the scope comes from the <see cref="HttpContext"/> (the
/// decoded path below the mapped prefix, which becomes <see cref="Scope.RootPath"/>; raw path and query bytes; headers as
/// Latin-1 bytes with lower-case names; endpoints; <see cref="HttpContext.RequestServices"/> as
/// <see cref="Scope.Services"/>; <see cref="HttpContext.RequestAborted"/> as <see cref="Scope.Aborted"/>). Bodies go
/// through the request and response pipes; <c>send</c> enforces the message order with the Abstractions' validators;
/// an exception before the response started becomes a 500, after it the request is aborted. WebSockets go through
/// ASP.NET Core's WebSocket manager (add <c>app.UseWebSockets()</c> before). Trailers are offered where the protocol
/// has them (HTTP/2, HTTP/3), send-file always, TLS details on TLS; early hints are not (ASP.NET Core has no 103).</para>
/// <para>Lifespan: the app's startup runs when it is mapped, before requests are served (each request waits for it);
/// a failed startup stops the application; shutdown runs after the application stopped.</para>
/// </remarks>
public static class GatewayAspNetCoreExtensions
{
    /// <summary>Serves every request under <paramref name="prefix"/> (and <paramref name="prefix"/> itself), any method,
    /// with <paramref name="app"/>. The app sees paths below the prefix and the prefix as its root path.</summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="prefix">The path the app sits under, such as <c>/legacy</c>; <c>/</c> for everything.</param>
    /// <param name="app">The Gateway app.</param>
    /// <returns>A builder to add conventions (authorization, CORS …) to both endpoints.</returns>
    public static IEndpointConventionBuilder MapGateway(this IEndpointRouteBuilder endpoints, string prefix, GatewayApp app)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(app);
        var trimmed = prefix.TrimEnd('/');
        if (trimmed.Length > 0 && trimmed[0] != '/')
        {
            throw new ArgumentException($"The prefix '{prefix}' must start with '/'.", nameof(prefix));
        }

        var handler = new GatewayRequestHandler(app, endpoints.ServiceProvider);
        var path = new PathString(trimmed);
        RequestDelegate serve = context => handler.HandleAsync(context, path);
        var builders = new List<IEndpointConventionBuilder> { endpoints.Map(trimmed + "/{**gatewayPath}", serve) };
        if (trimmed.Length > 0)
        {
            builders.Add(endpoints.Map(trimmed, serve));
        }

        return new CompositeConventionBuilder(builders);
    }

    /// <summary>Serves every request that reaches this point of the pipeline with <paramref name="app"/> (a terminal
    /// middleware, as <c>app.Run</c>). <see cref="Microsoft.AspNetCore.Http.HttpRequest.PathBase"/> becomes the root path.</summary>
    /// <param name="builder">The application's pipeline.</param>
    /// <param name="app">The Gateway app.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IApplicationBuilder UseGateway(this IApplicationBuilder builder, GatewayApp app)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(app);
        var handler = new GatewayRequestHandler(app, builder.ApplicationServices);
        builder.Run(context => handler.HandleAsync(context, PathString.Empty));
        return builder;
    }

    private sealed class CompositeConventionBuilder(List<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}