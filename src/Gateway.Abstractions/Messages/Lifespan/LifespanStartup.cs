namespace Gateway;

/// <summary><c>lifespan.startup</c>: from <see cref="Receive"/> in the lifespan scope, before the server accepts its first connection. The app opens its resources, may store them in <see cref="Scope.State"/>, and answers <see cref="LifespanStartupComplete"/> or <see cref="LifespanStartupFailed"/>.</summary>
public sealed class LifespanStartup : Message
{
    private LifespanStartup()
        : base(MessageType.LifespanStartup)
    {
    }

    /// <summary>The message.</summary>
    public static LifespanStartup Instance { get; } = new();
}