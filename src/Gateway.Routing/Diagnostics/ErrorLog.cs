using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Routing;

/// <summary>The log messages of the exceptions the framework answers (<see cref="ErrorHandlingMiddleware"/>, handlers),
/// and where they go: the configured logger, else the scope's <c>ILoggerFactory</c>, else standard error — an error is
/// never silent, as uvicorn prints its tracebacks.</summary>
internal static partial class ErrorLog
{
    public const string Category = "Gateway.Routing.Errors";

    [LoggerMessage(1, LogLevel.Error, "Unhandled exception while handling {Request}; answered with 500")]
    public static partial void Unhandled(ILogger logger, Exception exception, string request);

    [LoggerMessage(2, LogLevel.Error, "Exception after the response to {Request} started; the response is aborted")]
    public static partial void AfterStart(ILogger logger, Exception exception, string request);

    public static ILogger For(Scope scope, ILogger? configured, ILoggerFactory? factory) =>
        configured
        ?? factory?.CreateLogger(Category)
        ?? scope.Services?.GetService<ILoggerFactory>()?.CreateLogger(Category)
        ?? StandardErrorLogger.Instance;
}