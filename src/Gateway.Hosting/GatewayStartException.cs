namespace Gateway.Hosting;

/// <summary>
/// The Gateway server of a host could not start: a <c>Gateway:Server</c> setting is invalid (the message names the
/// key), an address is in use or a certificate does not load (the message names the address). It fails the host's
/// <c>StartAsync</c>; <see cref="Exception.InnerException"/> holds the cause. An <see cref="InvalidOperationException"/>,
/// so code that catches those keeps working.
/// </summary>
public sealed class GatewayStartException : InvalidOperationException
{
    /// <summary>A start failure described by <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public GatewayStartException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
