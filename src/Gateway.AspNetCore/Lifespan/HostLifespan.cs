using Gateway.ServerKit;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.AspNetCore;

/// <summary>
/// The app's lifespan, tied to the ASP.NET Core application's: startup runs as soon as the app is mapped (before
/// Kestrel accepts), every request waits for it, and a failed startup stops the application
/// (<see cref="IHostApplicationLifetime.StopApplication"/>). Shutdown runs once the application has stopped, after
/// Kestrel drained its requests.
/// </summary>
internal sealed class HostLifespan
{
    private readonly LifespanRunner _runner;
    private readonly ILogger _logger;
    private readonly Task<ScopeState?> _startup;

    public HostLifespan(GatewayApp app, IServiceProvider services, ILogger logger)
    {
        _logger = logger;
        _runner = new LifespanRunner(app, services: services);
        var lifetime = services.GetService<IHostApplicationLifetime>();
        _startup = StartAsync(lifetime);
        lifetime?.ApplicationStopped.Register(Stop);
    }

    /// <summary>The state startup stored, for every scope to copy; <see langword="null"/> when the app has no lifespan.</summary>
    /// <exception cref="LifespanFailedException">Startup failed: the application is stopping.</exception>
    public Task<ScopeState?> Startup => _startup;

    private async Task<ScopeState?> StartAsync(IHostApplicationLifetime? lifetime)
    {
        try
        {
            await _runner.StartAsync().ConfigureAwait(false);
        }
        catch (LifespanFailedException exception)
        {
            AspNetCoreLog.LifespanStartupFailed(_logger, exception.Message, exception);
            lifetime?.StopApplication();
            throw;
        }

        if (!_runner.IsSupported)
        {
            AspNetCoreLog.LifespanUnsupported(_logger, _runner.UnsupportedReason);
            return null;
        }

        return _runner.State;
    }

    private void Stop()
    {
        if (!_startup.IsCompletedSuccessfully || _startup.Result is null)
        {
            return;
        }

        try
        {
            // ApplicationStopped callbacks are synchronous; the host waits for them, which is what shutdown needs.
            _runner.StopAsync().GetAwaiter().GetResult();
        }
        catch (LifespanFailedException exception)
        {
            AspNetCoreLog.LifespanShutdownFailed(_logger, exception.Message, exception);
        }
    }
}