namespace Gateway.Server.Connection;

/// <summary>What runs on one accepted connection (HTTP/1.1, then WebSocket after an upgrade).</summary>
internal interface IConnectionProtocol
{
    /// <summary>Serves the connection until it is done; never throws for anything a client does.</summary>
    /// <returns>A task that completes when the connection can be closed.</returns>
    Task RunAsync();

    /// <summary>Asks for a graceful close: an idle connection closes now, a busy one after the current exchange.</summary>
    void RequestClose();

    /// <summary>Called about once a second by the server, from a timer thread, to enforce timeouts and data rates
    /// without a timer or token registration per read.</summary>
    /// <param name="nowTicks">The current time, in <see cref="Environment.TickCount64"/> milliseconds.</param>
    void OnHeartbeat(long nowTicks);
}