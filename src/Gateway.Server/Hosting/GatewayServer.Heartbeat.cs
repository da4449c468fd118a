namespace Gateway.Server;

// The heartbeat: one timer for the whole server drives every connection's timeouts and data rates.
public sealed partial class GatewayServer
{
    /// <summary>Once a second, lets every connection check its timeouts and data rates (Kestrel's heartbeat): one timer
    /// for the whole server instead of one per read. It beats until the stop has drained every connection, so timeouts
    /// still apply during a graceful stop, and ends at once then (a sleep here would delay every stop by up to a beat).</summary>
    private async Task HeartbeatLoopAsync()
    {
        using var timer = new PeriodicTimer(HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_heartbeatStopping.Token).ConfigureAwait(false))
            {
                Beat();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: no connection is left to check.
        }
    }

    private void Beat()
    {
        var now = Environment.TickCount64;
        foreach (var connection in _connections.Values)
        {
            try
            {
                connection.Protocol?.OnHeartbeat(now);
            }
#pragma warning disable CA1031 // One connection's failure must not stop the heartbeat of the others.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                ServerLog.ConnectionFailed(_context.Logger, 0, exception);
            }
        }
    }
}