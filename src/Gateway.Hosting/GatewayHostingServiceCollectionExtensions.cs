using Gateway.Server;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Hosting;

/// <summary>Runs a Gateway app under the .NET generic host (<c>Host.CreateApplicationBuilder</c>).</summary>
public static class GatewayHostingServiceCollectionExtensions
{
    /// <summary>The configuration section the server's options are read from: <c>Gateway:Server</c>.</summary>
    public const string ConfigurationSectionName = GatewayServerConfiguration.SectionName;

    /// <summary>Serves <paramref name="app"/> with a <see cref="GatewayServer"/> for the host's lifetime.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="app">The app.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <remarks>See <see cref="AddGateway(IServiceCollection, Func{IServiceProvider, GatewayApp}, Action{GatewayServerOptions})"/>.</remarks>
    public static IServiceCollection AddGateway(this IServiceCollection services, GatewayApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return services.AddGateway(_ => app, static _ => { });
    }

    /// <summary>Serves the app <paramref name="appFactory"/> builds from the container, for the host's lifetime.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="appFactory">Builds the app, once, when the host starts.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <remarks>See <see cref="AddGateway(IServiceCollection, Func{IServiceProvider, GatewayApp}, Action{GatewayServerOptions})"/>.</remarks>
    public static IServiceCollection AddGateway(this IServiceCollection services, Func<IServiceProvider, GatewayApp> appFactory) =>
        services.AddGateway(appFactory, static _ => { });

    /// <summary>
    /// Serves the app <paramref name="appFactory"/> builds from the container with a <see cref="GatewayServer"/> run by a
    /// <see cref="GatewayHostedService"/>: it starts with the host and stops with it (Ctrl+C, SIGTERM), using the host's
    /// logging. The options come from the configuration section <c>Gateway:Server</c> when the container has an
    /// <see cref="IConfiguration"/> — <c>Listen</c> (URLs: <c>http://127.0.0.1:8000</c>, <c>https://*:8443</c>,
    /// <c>unix:/run/app.sock</c>; a list, or one string separated by <c>;</c>, which replaces the list: so
    /// <c>Gateway__Server__Listen</c> in the environment overrides appsettings.json), <c>Certificate:Path</c>/<c>KeyPath</c>/
    /// <c>Password</c> (per endpoint as <c>Listen:N:Certificate:…</c>), <c>Limits:*</c>, <c>WebSockets:*</c>,
    /// <c>ForwardedHeaders:*</c>, <c>RootPath</c>, <c>ShutdownTimeout</c>, <c>AccessLog</c>, <c>AddServerHeader</c>,
    /// <c>Lifespan</c> — then from <paramref name="configure"/>. Times are TimeSpans or seconds. An unknown key or
    /// invalid value fails start-up with the key named.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="appFactory">Builds the app, once, when the host starts.</param>
    /// <param name="configure">Adjusts the options after configuration was applied.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGateway(
        this IServiceCollection services, Func<IServiceProvider, GatewayApp> appFactory, Action<GatewayServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(appFactory);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<GatewayServerOptions>();
        services.AddSingleton<IConfigureOptions<GatewayServerOptions>>(provider => new ConfigureOptions<GatewayServerOptions>(options =>
        {
            if (provider.GetService<IConfiguration>() is { } configuration)
            {
                GatewayServerConfiguration.Apply(configuration.GetSection(ConfigurationSectionName), options);
            }
        }));
        services.Configure(configure);
        services.AddSingleton(provider => new GatewayHostedService(provider, appFactory));
        services.AddHostedService(provider => provider.GetRequiredService<GatewayHostedService>());
        return services;
    }
}