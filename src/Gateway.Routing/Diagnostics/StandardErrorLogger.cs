using Microsoft.Extensions.Logging;

namespace Gateway.Routing;

/// <summary>The logger of last resort: errors go to standard error as one line and the exception, so an app without
/// logging configured still shows why it answered 500. Only warnings and errors are written.</summary>
internal sealed class StandardErrorLogger : ILogger
{
    public static readonly StandardErrorLogger Instance = new();

    private static readonly Lock WriteLock = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(formatter);
        var line = $"{DateTimeOffset.UtcNow:O} {logLevel.ToString().ToLowerInvariant()}: {ErrorLog.Category}: {formatter(state, exception)}";
        lock (WriteLock)
        {
            Console.Error.WriteLine(line);
            if (exception is not null)
            {
                Console.Error.WriteLine(exception.ToString());
            }
        }
    }
}