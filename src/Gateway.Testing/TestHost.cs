using System.Diagnostics.CodeAnalysis;

using Gateway.ServerKit;

namespace Gateway.Testing;

/// <summary>
/// What every exchange of one <see cref="TestClient"/> shares: the app, the options, the lifespan state, and the
/// shutdown signal that aborts whatever is still running when the client is disposed.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Exchanges may still read Stopping after the client is disposed; the source has no timer, wait handle or linked registration to release.")]
internal sealed class TestHost
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<Task> _running = [];
    private readonly TestLifespan _lifespan;
    private int _stopRequested;

    public TestHost(GatewayApp app, TestClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(app);
        App = app;
        Options = (options ?? new TestClientOptions()).Snapshot();
        _lifespan = new TestLifespan(app, Options);
    }

    public GatewayApp App { get; }

    public TestClientOptions Options { get; }

    /// <summary>Fires when the client is disposed: every exchange treats it as its client going away.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public bool IsStopped => Volatile.Read(ref _stopRequested) != 0;

    public Task StartLifespanAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsStopped, typeof(TestClient));
        return _lifespan.StartAsync(cancellationToken);
    }

    /// <summary>A new scope state: a shallow copy of what lifespan startup stored, or empty without a lifespan.</summary>
    public ScopeState CreateState() => _lifespan.State is { } state ? new ScopeState(state) : new ScopeState();

    /// <summary>The capabilities an HTTP scope offers: none that an HTTP/1.0 client could not receive.</summary>
    public HttpSendCapabilities HttpCapabilities(Version version)
    {
        var capabilities = Options.OfferResponseFile ? HttpSendCapabilities.ResponseFile : HttpSendCapabilities.None;
        if (version >= System.Net.HttpVersion.Version11)
        {
            capabilities |= Options.OfferTrailers ? HttpSendCapabilities.Trailers : HttpSendCapabilities.None;
            capabilities |= Options.OfferEarlyHints ? HttpSendCapabilities.EarlyHints : HttpSendCapabilities.None;
        }

        return capabilities;
    }

    public static ScopeExtensions HttpExtensions(HttpSendCapabilities capabilities)
    {
        var extensions = new List<object>(3);
        if ((capabilities & HttpSendCapabilities.Trailers) != 0)
        {
            extensions.Add(TrailersCapability.Instance);
        }

        if ((capabilities & HttpSendCapabilities.EarlyHints) != 0)
        {
            extensions.Add(EarlyHintsCapability.Instance);
        }

        if ((capabilities & HttpSendCapabilities.ResponseFile) != 0)
        {
            extensions.Add(ResponseFileCapability.Instance);
        }

        return ScopeExtensions.Create([.. extensions]);
    }

    public ScopeExtensions WebSocketExtensions() =>
        Options.OfferWebSocketDenialResponse ? ScopeExtensions.Create(WebSocketDenialCapability.Instance) : ScopeExtensions.Empty;

    /// <summary>Starts the app for one scope on the thread pool, and remembers it until it returns so that disposal can
    /// wait for it. <paramref name="run"/> must not throw: it reports the app's failure itself.</summary>
    public void Run(Func<Task> run)
    {
        ObjectDisposedException.ThrowIf(IsStopped, typeof(TestClient));
        var task = Task.Run(run);
        lock (_running)
        {
            _running.Add(task);
        }

        _ = task.ContinueWith(
            static (finished, state) =>
            {
                var running = (HashSet<Task>)state!;
                lock (running)
                {
                    running.Remove(finished);
                }
            },
            _running,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Aborts every exchange, waits (up to the timeout) for the apps to return, then shuts the lifespan down.
    /// Runs once; later calls return a completed task.</summary>
    public Task StopAsync() => Interlocked.Exchange(ref _stopRequested, 1) == 0 ? StopCoreAsync() : Task.CompletedTask;

    private async Task StopCoreAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (_running)
        {
            running = [.. _running];
        }

        try
        {
            // Like a server's graceful shutdown: apps get a bounded time to notice their clients left, then the
            // lifespan shuts down regardless. An app still running by then is abandoned, not failed.
            await Task.WhenAll(running).WaitAsync(Options.Timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        await _lifespan.StopAsync().ConfigureAwait(false);
    }
}