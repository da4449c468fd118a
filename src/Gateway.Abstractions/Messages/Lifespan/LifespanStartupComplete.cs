namespace Gateway;

/// <summary><c>lifespan.startup.complete</c>: startup succeeded; the server starts accepting connections.</summary>
public sealed class LifespanStartupComplete : Message
{
    private LifespanStartupComplete()
        : base(MessageType.LifespanStartupComplete)
    {
    }

    /// <summary>The message.</summary>
    public static LifespanStartupComplete Instance { get; } = new();
}