namespace Gateway.ServerKit;

// The lifespan exchange (ASGI lifespan spec 2.0) as a server drives it:
//
//   server call   app does                                         outcome
//   ------------  -----------------------------------------------  ----------------------------------------------------
//   StartAsync    receive -> lifespan.startup
//                 send lifespan.startup.complete                   StartAsync returns; State holds what the app stored
//                 send lifespan.startup.failed                     StartAsync throws LifespanFailedException(message)
//                 throws or returns before its first receive       unsupported: StartAsync returns, StopAsync does nothing
//                 throws, or returns, after receiving startup      StartAsync throws LifespanFailedException
//   StopAsync     receive -> lifespan.shutdown
//                 send lifespan.shutdown.complete                  StopAsync returns once the app has returned
//                 send lifespan.shutdown.failed                    StopAsync throws LifespanFailedException(message)
//                 throws, or returns, without answering            StopAsync throws LifespanFailedException
//
// Unlike uvicorn's "auto" mode, an app that received lifespan.startup and then crashed has failed, not "does not support
// lifespan": treating it as unsupported would start a server whose startup never ran.

/// <summary>
/// Runs an app's lifespan scope for a server: startup before the server accepts connections, shutdown after it has
/// drained them. Apps that do not handle lifespan scopes (they return or throw without receiving) are tolerated.
/// </summary>
public sealed class LifespanRunner
{
    private readonly GatewayApp _app;
    private readonly TaskCompletionSource _startup = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _shutdownRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private Task? _appTask;
    private int _received;
    private bool _startupAnswered;
    private bool _shutdownAnswered;

    /// <summary>Creates a runner for <paramref name="app"/>.</summary>
    /// <param name="app">The app.</param>
    /// <param name="extensions">The capabilities to put in the lifespan scope.</param>
    /// <param name="services">The application's services, if any.</param>
    public LifespanRunner(GatewayApp app, ScopeExtensions? extensions = null, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        _app = app;
        Scope = new Scope
        {
            Type = ScopeType.Lifespan,
            Extensions = extensions ?? ScopeExtensions.Empty,
            Services = services,
        };
    }

    /// <summary>The lifespan scope given to the app.</summary>
    public Scope Scope { get; }

    /// <summary>What the app stored during startup; servers copy it into every request's scope with
    /// <see cref="ScopeState(ScopeState)"/>.</summary>
    public ScopeState State => Scope.State;

    /// <summary>Whether the app takes part in the lifespan protocol; known once <see cref="StartAsync"/> has returned.</summary>
    public bool IsSupported { get; private set; } = true;

    /// <summary>Why the app was found not to support lifespan: the exception it threw before receiving, or
    /// <see langword="null"/> if it simply returned.</summary>
    public Exception? UnsupportedReason { get; private set; }

    /// <summary>Calls the app with the lifespan scope and waits for its startup answer.</summary>
    /// <param name="cancellationToken">Stops waiting (the app keeps running).</param>
    /// <returns>A task that completes when startup succeeded or the app does not support lifespan.</returns>
    /// <exception cref="LifespanFailedException">Startup failed.</exception>
    /// <exception cref="InvalidOperationException">Called twice.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_appTask is not null)
            {
                throw new InvalidOperationException("The lifespan has already been started.");
            }

            _appTask = RunAppAsync();
        }

        await _startup.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the app to shut down and waits for its answer and its return.</summary>
    /// <param name="cancellationToken">Stops waiting (the app keeps running).</param>
    /// <returns>A task that completes when shutdown succeeded, or at once when lifespan is unsupported or never started.</returns>
    /// <exception cref="LifespanFailedException">Shutdown failed.</exception>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Task? appTask;
        lock (_gate)
        {
            appTask = _appTask;
        }

        if (appTask is null || !IsSupported || !_startup.Task.IsCompletedSuccessfully)
        {
            return;
        }

        _shutdownRequested.TrySetResult();
        await _shutdown.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await appTask.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAppAsync()
    {
        try
        {
            await Task.Yield();
            await _app(Scope, ReceiveAsync, SendAsync).ConfigureAwait(false);
            AppEnded(error: null);
        }
#pragma warning disable CA1031 // The app's failure is reported to whoever awaits startup or shutdown.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            AppEnded(exception);
        }
    }

    private void AppEnded(Exception? error)
    {
        lock (_gate)
        {
            if (_received == 0)
            {
                IsSupported = false;
                UnsupportedReason = error;
                _startup.TrySetResult();
                return;
            }

            if (!_startupAnswered)
            {
                _startup.TrySetException(error is null
                    ? new LifespanFailedException("The app returned without answering 'lifespan.startup'.")
                    : new LifespanFailedException($"The app failed during lifespan startup: {error.Message}", error));
            }

            if (!_shutdownAnswered)
            {
                _shutdown.TrySetException(error is null
                    ? new LifespanFailedException("The app returned without answering 'lifespan.shutdown'.")
                    : new LifespanFailedException($"The app failed during lifespan shutdown: {error.Message}", error));
            }
        }
    }

    private async ValueTask<Message> ReceiveAsync(CancellationToken cancellationToken)
    {
        int received;
        lock (_gate)
        {
            received = ++_received;
        }

        switch (received)
        {
            case 1:
                return LifespanStartup.Instance;
            case 2:
                await _shutdownRequested.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                return LifespanShutdown.Instance;
            default:
                throw new InvalidOperationException("No lifespan event follows 'lifespan.shutdown': the app should answer it and return.");
        }
    }

    private ValueTask SendAsync(Message message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            switch (message)
            {
                case LifespanStartupComplete when _received == 1 && !_startupAnswered:
                    _startupAnswered = true;
                    _startup.TrySetResult();
                    break;
                case LifespanStartupFailed failed when _received == 1 && !_startupAnswered:
                    _startupAnswered = true;
                    _shutdownAnswered = true;
                    _startup.TrySetException(new LifespanFailedException(failed.Message));
                    break;
                case LifespanShutdownComplete when _received >= 2 && !_shutdownAnswered:
                    _shutdownAnswered = true;
                    _shutdown.TrySetResult();
                    break;
                case LifespanShutdownFailed failed when _received >= 2 && !_shutdownAnswered:
                    _shutdownAnswered = true;
                    _shutdown.TrySetException(new LifespanFailedException(failed.Message));
                    break;
                case LifespanStartupComplete or LifespanStartupFailed:
                    throw new InvalidOperationException($"Cannot send '{message.Name}': only one answer to 'lifespan.startup' is allowed, after receiving it.");
                case LifespanShutdownComplete or LifespanShutdownFailed:
                    throw new InvalidOperationException($"Cannot send '{message.Name}': only one answer to 'lifespan.shutdown' is allowed, after receiving it.");
                default:
                    throw new InvalidOperationException($"'{message.Name}' is not a message an app can send in a lifespan scope.");
            }
        }

        return ValueTask.CompletedTask;
    }
}