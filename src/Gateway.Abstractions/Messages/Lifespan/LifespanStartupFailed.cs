namespace Gateway;

/// <summary><c>lifespan.startup.failed</c>: startup failed; the server does not start and reports <see cref="Message"/>.</summary>
public sealed class LifespanStartupFailed : Message
{
    /// <summary>Creates the message.</summary>
    /// <param name="message">Why it failed, for the server's log and its exit error.</param>
    public LifespanStartupFailed(string message)
        : base(MessageType.LifespanStartupFailed)
    {
        ArgumentNullException.ThrowIfNull(message);
        Message = message;
    }

    /// <summary>Why it failed.</summary>
    public string Message { get; }
}