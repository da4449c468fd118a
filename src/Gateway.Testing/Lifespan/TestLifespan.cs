using Gateway.ServerKit;

namespace Gateway.Testing;

/// <summary>
/// The test client's lifespan: at most one startup, run by <see cref="LifespanRunner"/>, and at most one shutdown,
/// only after a startup that succeeded. Until startup succeeds there is no state to copy into scopes.
/// </summary>
internal sealed class TestLifespan
{
    private readonly GatewayApp _app;
    private readonly TestClientOptions _options;
    private LifespanRunner? _runner;
    private ScopeState? _state;

    public TestLifespan(GatewayApp app, TestClientOptions options)
    {
        _app = app;
        _options = options;
    }

    /// <summary>What startup stored, once it succeeded; otherwise <see langword="null"/>.</summary>
    public ScopeState? State => Volatile.Read(ref _state);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var runner = new LifespanRunner(_app, ScopeExtensions.Empty, _options.Services);
        if (Interlocked.CompareExchange(ref _runner, runner, null) is not null)
        {
            throw new InvalidOperationException("The lifespan has already been started: StartAsync runs once per client.");
        }

        await runner.StartAsync(cancellationToken).WaitAsync(_options.Timeout, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _state, runner.State);
    }

    public async Task StopAsync()
    {
        // Taking the runner makes shutdown run once, and never for a client whose lifespan did not start.
        var runner = Interlocked.Exchange(ref _runner, null);
        if (runner is not null && State is not null)
        {
            await runner.StopAsync().WaitAsync(_options.Timeout).ConfigureAwait(false);
        }
    }
}