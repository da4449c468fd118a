using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Server;

/// <summary>
/// Registers a <see cref="GatewayServer"/> in a dependency injection container. Registering does not start it: nothing
/// listens until the server is resolved and run. Under the generic host (<c>Host.CreateApplicationBuilder</c>) use
/// <c>AddGateway</c> from the Gateway.Hosting package instead, which runs the server as an <c>IHostedService</c> with
/// options from configuration.
/// </summary>
public static class GatewayServerServiceCollectionExtensions
{
    /// <summary>Registers a singleton <see cref="GatewayServer"/> serving <paramref name="app"/> with default options.</summary>
    /// <param name="services">The container.</param>
    /// <param name="app">The app.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGatewayServer(this IServiceCollection services, GatewayApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return services.AddGatewayServer(_ => app, static _ => { });
    }

    /// <summary>Registers a singleton <see cref="GatewayServer"/> serving the app built from the container, with default
    /// options.</summary>
    /// <param name="services">The container.</param>
    /// <param name="appFactory">Builds the app, once, from the container.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGatewayServer(this IServiceCollection services, Func<IServiceProvider, GatewayApp> appFactory) =>
        services.AddGatewayServer(appFactory, static _ => { });

    /// <summary>
    /// Registers a singleton <see cref="GatewayServer"/> serving the app <paramref name="appFactory"/> builds from the
    /// container, with the container's <see cref="ILoggerFactory"/> (when registered) and the container as every scope's
    /// <see cref="Scope.Services"/>. Resolve it and call <see cref="GatewayServer.RunAsync"/>, or start and stop it from
    /// a hosted service (Gateway.Hosting's <c>AddGateway</c> is that hosted service).
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="appFactory">Builds the app, once, from the container.</param>
    /// <param name="configure">Configures the server's options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGatewayServer(this IServiceCollection services, Func<IServiceProvider, GatewayApp> appFactory, Action<GatewayServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(appFactory);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddSingleton(provider =>
        {
            var options = new GatewayServerOptions();
            configure(options);
            return new GatewayServer(appFactory(provider), options, provider.GetService<ILoggerFactory>(), provider);
        });
        return services;
    }
}