using Gateway.ServerKit;

namespace Gateway.Server;

// Lifespan: the app's startup runs before the server binds, its shutdown after the last connection ended.
public sealed partial class GatewayServer
{
    private async Task StartLifespanAsync(CancellationToken cancellationToken)
    {
        if (_options.Lifespan == LifespanMode.Off)
        {
            return;
        }

        _lifespan = new LifespanRunner(_context.App, services: _context.Services);
        try
        {
            await _lifespan.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (LifespanFailedException exception)
        {
            ServerLog.LifespanStartupFailed(_context.Logger, exception.Message, exception);
            _state = ServerState.Stopping;
            throw;
        }

        if (!_lifespan.IsSupported)
        {
            if (_options.Lifespan == LifespanMode.On)
            {
                _state = ServerState.Stopping;
                throw new LifespanFailedException("The app does not support the lifespan protocol, and LifespanMode.On requires it.", _lifespan.UnsupportedReason);
            }

            ServerLog.LifespanUnsupported(_context.Logger, _lifespan.UnsupportedReason);
            return;
        }

        _context.LifespanState = _lifespan.State;
    }

    private async Task StopLifespanAsync()
    {
        if (_lifespan is null)
        {
            return;
        }

        try
        {
            await _lifespan.StopAsync().ConfigureAwait(false);
        }
        catch (LifespanFailedException exception)
        {
            ServerLog.LifespanShutdownFailed(_context.Logger, exception.Message, exception);
        }
    }
}