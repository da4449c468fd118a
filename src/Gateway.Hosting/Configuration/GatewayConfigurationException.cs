namespace Gateway.Hosting;

/// <summary>A <c>Gateway:Server</c> configuration key that is unknown or has an invalid value; the message names the
/// full key.</summary>
internal sealed class GatewayConfigurationException(string message, Exception? innerException = null)
    : InvalidOperationException(message, innerException);