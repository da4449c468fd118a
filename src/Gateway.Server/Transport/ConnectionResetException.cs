namespace Gateway.Server.Transport;

/// <summary>The peer reset the connection, or writing to it failed.</summary>
internal sealed class ConnectionResetException : IOException
{
    public ConnectionResetException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}