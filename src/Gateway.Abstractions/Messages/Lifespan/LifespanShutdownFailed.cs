namespace Gateway;

/// <summary><c>lifespan.shutdown.failed</c>: shutdown failed; the server logs <see cref="Message"/> and stops anyway.</summary>
public sealed class LifespanShutdownFailed : Message
{
    /// <summary>Creates the message.</summary>
    /// <param name="message">Why it failed, for the server's log and its exit error.</param>
    public LifespanShutdownFailed(string message)
        : base(MessageType.LifespanShutdownFailed)
    {
        ArgumentNullException.ThrowIfNull(message);
        Message = message;
    }

    /// <summary>Why it failed.</summary>
    public string Message { get; }
}