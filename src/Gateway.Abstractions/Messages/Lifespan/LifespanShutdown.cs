namespace Gateway;

/// <summary><c>lifespan.shutdown</c>: from <see cref="Receive"/> in the lifespan scope, after the server has stopped accepting and drained its connections. The app releases its resources and answers <see cref="LifespanShutdownComplete"/> or <see cref="LifespanShutdownFailed"/>.</summary>
public sealed class LifespanShutdown : Message
{
    private LifespanShutdown()
        : base(MessageType.LifespanShutdown)
    {
    }

    /// <summary>The message.</summary>
    public static LifespanShutdown Instance { get; } = new();
}