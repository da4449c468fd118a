using Microsoft.Extensions.Logging;

namespace Gateway.Server;

/// <summary>The <see cref="ILoggerFactory"/> a <see cref="GatewayServer"/> uses when it was given none and
/// <see cref="GatewayServerOptions.ConsoleLogging"/> is on: everything goes to one <see cref="ConsoleLoggerProvider"/>.</summary>
internal sealed class ConsoleLoggerFactory : ILoggerFactory
{
    private readonly ConsoleLoggerProvider _provider = new();

    private ConsoleLoggerFactory()
    {
    }

    public static ConsoleLoggerFactory Instance { get; } = new();

    public ILogger CreateLogger(string categoryName) => _provider.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("The built-in console logger takes no providers; pass an ILoggerFactory to GatewayServer instead.");

    public void Dispose()
    {
        // Shared by every server of the process: never disposed.
    }
}