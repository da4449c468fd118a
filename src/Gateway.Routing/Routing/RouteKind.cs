namespace Gateway.Routing;

/// <summary>What a registered route is.</summary>
public enum RouteKind
{
    /// <summary>An HTTP endpoint (<see cref="Route"/>).</summary>
    Http,

    /// <summary>A WebSocket endpoint (<see cref="WebSocketRoute"/>).</summary>
    WebSocket,

    /// <summary>An app under a prefix (<see cref="Mount"/>) that is not a router, so its routes are unknown.</summary>
    Mount,

    /// <summary>An app chosen by host name (<see cref="HostRoute"/>) that is not a router.</summary>
    Host,
}