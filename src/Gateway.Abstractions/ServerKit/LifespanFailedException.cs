namespace Gateway.ServerKit;

/// <summary>The app reported, or caused, a failed lifespan startup or shutdown.</summary>
public sealed class LifespanFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LifespanFailedException()
        : base("The app's lifespan failed.")
    {
    }

    /// <summary>Creates the exception with the app's message.</summary>
    /// <param name="message">What failed.</param>
    public LifespanFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the app's message and the exception it threw.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The app's exception, if it threw one.</param>
    public LifespanFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}