using Microsoft.Extensions.Logging;

namespace Gateway.Server;

/// <summary>
/// One line per message, <c>info: Gateway server listening on http://127.0.0.1:8000</c>, as uvicorn prints by default:
/// information to standard output, warnings and errors (with their exception) to standard error.
/// </summary>
/// <remarks>Writes synchronously under one lock, so nothing queues: memory stays bounded, and a console nobody reads
/// slows the logging thread instead of growing a buffer. The console writer is looked up per message, so a redirected
/// <see cref="Console.Out"/> is honoured.</remarks>
internal sealed class ConsoleLogger(LogLevel minimumLevel) : ILogger
{
    private static readonly Lock Sync = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(formatter);
        var message = formatter(state, exception);
        lock (Sync)
        {
            var writer = logLevel >= LogLevel.Warning ? Console.Error : Console.Out;
            writer.Write(Prefix(logLevel));
            writer.WriteLine(message);
            if (exception is not null)
            {
                writer.WriteLine(exception);
            }
        }
    }

    private static string Prefix(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce: ",
        LogLevel.Debug => "dbug: ",
        LogLevel.Information => "info: ",
        LogLevel.Warning => "warn: ",
        LogLevel.Error => "fail: ",
        _ => "crit: ",
    };
}