namespace Gateway.ServerKit;

/// <summary>Where a WebSocket scope stands, as tracked by <see cref="WebSocketSendValidator"/>.</summary>
public enum WebSocketPhase
{
    /// <summary>The handshake awaits the app's answer.</summary>
    Connecting,

    /// <summary>The app accepted; messages flow both ways.</summary>
    Open,

    /// <summary>The app is sending a denial response body.</summary>
    SendingDenialBody,

    /// <summary>The app closed or refused the connection; nothing more may be sent.</summary>
    Closed,
}