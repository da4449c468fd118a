using Microsoft.Extensions.Logging;

namespace Gateway.Routing;

/// <summary>The log messages of <see cref="ErrorHandlingMiddleware"/>.</summary>
internal static partial class ErrorHandlingLog
{
    [LoggerMessage(1, LogLevel.Error, "Unhandled exception while handling {Request}; answered with 500")]
    public static partial void Unhandled(ILogger logger, Exception exception, string request);

    [LoggerMessage(2, LogLevel.Error, "Exception after the response to {Request} started; the response is aborted")]
    public static partial void AfterStart(ILogger logger, Exception exception, string request);
}