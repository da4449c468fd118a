namespace Gateway;

/// <summary>
/// Thrown by <see cref="Send"/> (and the body adapters) when the client has gone away. This is an expected event in the
/// life of a server, not a bug in the app: servers never log it as an error, and apps usually let it propagate.
/// </summary>
public sealed class ClientDisconnectedException : IOException
{
    /// <summary>Creates the exception with a default message.</summary>
    public ClientDisconnectedException()
        : base("The client disconnected.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was being done when the client was found gone.</param>
    public ClientDisconnectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the transport error that revealed the disconnect.</summary>
    /// <param name="message">What was being done when the client was found gone.</param>
    /// <param name="innerException">The transport error, if any.</param>
    public ClientDisconnectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}