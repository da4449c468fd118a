using Gateway.Server;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Hosting;

/// <summary>
/// Runs a <see cref="GatewayServer"/> for the lifetime of a .NET generic host. Registered by
/// <see cref="GatewayHostingServiceCollectionExtensions.AddGateway(IServiceCollection, GatewayApp)"/>; resolve it to
/// read where the server listens.
/// </summary>
/// <remarks>
/// <para><see cref="StartAsync"/> reads the options (configuration section <c>Gateway:Server</c>, then code), builds the
/// app, creates the server with the host's <see cref="ILoggerFactory"/> and the container as every scope's
/// <see cref="Scope.Services"/>, and starts it: the app's lifespan startup runs, then every endpoint is bound. Any
/// failure — an invalid setting, a port in use, a certificate that does not load, a failed lifespan startup — is thrown
/// from <see cref="StartAsync"/> as one <see cref="GatewayStartException"/> whose message says what failed and where,
/// so the host fails to start. <see cref="StopAsync"/> stops gracefully: the host's shutdown token cuts the drain short.</para>
/// </remarks>
public sealed class GatewayHostedService : IHostedService, IAsyncDisposable
{
    private readonly IServiceProvider _services;
    private readonly Func<IServiceProvider, GatewayApp> _appFactory;

    internal GatewayHostedService(IServiceProvider services, Func<IServiceProvider, GatewayApp> appFactory)
    {
        _services = services;
        _appFactory = appFactory;
    }

    /// <summary>The running server; <see langword="null"/> until <see cref="StartAsync"/> succeeded.</summary>
    public GatewayServer? Server { get; private set; }

    /// <summary>Where the server listens, with the actual ports (<c>http://127.0.0.1:8000</c>); empty until started.</summary>
    public IReadOnlyList<string> Urls => Server?.Urls ?? [];

    /// <summary>Starts the server; see the type's remarks for what can fail.</summary>
    /// <param name="cancellationToken">Abandons starting.</param>
    /// <returns>A task that completes when the server accepts connections.</returns>
    /// <exception cref="GatewayStartException">The server could not start; the message says why.</exception>
    /// <exception cref="InvalidOperationException">The server is already started.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Server is not null)
        {
            throw new InvalidOperationException("The Gateway server is already started.");
        }

        GatewayServerOptions options;
        try
        {
            options = _services.GetRequiredService<IOptions<GatewayServerOptions>>().Value;
        }
        catch (GatewayConfigurationException exception)
        {
            throw new GatewayStartException($"The Gateway server cannot start: {exception.Message}", exception);
        }

        var server = new GatewayServer(_appFactory(_services), options, _services.GetService<ILoggerFactory>(), _services);
        try
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new GatewayStartException(StartFailure(options, exception), exception);
        }

        Server = server;
    }

    /// <summary>Stops the server gracefully, if it started.</summary>
    /// <param name="cancellationToken">The host's shutdown deadline: when it fires, remaining connections are aborted.</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken) => Server?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Stops the server if it still runs and releases it.</summary>
    /// <returns>A task that completes when the server is released.</returns>
    public ValueTask DisposeAsync() => Server?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static string StartFailure(GatewayServerOptions options, Exception exception)
    {
        if (exception is ArgumentException { ParamName: { } name } && GatewayServerConfiguration.KeyFor(name) is { } key)
        {
            return $"The Gateway server cannot start: the setting {key} is invalid: {exception.Message}";
        }

        var where = options.Listen.Count == 0 ? "http://127.0.0.1:8000" : string.Join(", ", options.Listen);
        return $"The Gateway server could not start listening on {where}: {exception.Message}";
    }
}