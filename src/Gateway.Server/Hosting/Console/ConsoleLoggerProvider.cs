using Microsoft.Extensions.Logging;

namespace Gateway.Server;

/// <summary>The provider of <see cref="ConsoleLogger"/>: one shared logger for every category, information and above.
/// Gateway.Server may not depend on Microsoft.Extensions.Logging.Console, so this is the minimum a server needs to say
/// where it listens and that an app failed.</summary>
internal sealed class ConsoleLoggerProvider : ILoggerProvider
{
    private readonly ConsoleLogger _logger;

    public ConsoleLoggerProvider(LogLevel minimumLevel = LogLevel.Information) => _logger = new ConsoleLogger(minimumLevel);

    public ILogger CreateLogger(string categoryName) => _logger;

    public void Dispose()
    {
        // Nothing to flush: every line is written synchronously.
    }
}