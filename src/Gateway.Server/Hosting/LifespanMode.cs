namespace Gateway.Server;

/// <summary>Whether the server runs the app's lifespan protocol (as uvicorn's <c>--lifespan</c>).</summary>
public enum LifespanMode
{
    /// <summary>Run it, and tolerate apps that do not support it (they return or throw without receiving).</summary>
    Auto,

    /// <summary>Run it and refuse to start if the app does not support it.</summary>
    On,

    /// <summary>Do not run it.</summary>
    Off,
}