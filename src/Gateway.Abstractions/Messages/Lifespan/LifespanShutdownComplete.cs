namespace Gateway;

/// <summary><c>lifespan.shutdown.complete</c>: shutdown succeeded.</summary>
public sealed class LifespanShutdownComplete : Message
{
    private LifespanShutdownComplete()
        : base(MessageType.LifespanShutdownComplete)
    {
    }

    /// <summary>The message.</summary>
    public static LifespanShutdownComplete Instance { get; } = new();
}