using Microsoft.Extensions.Logging;

namespace Gateway.AspNetCore;

/// <summary>The adapter's log messages (category <c>Gateway.AspNetCore</c>), source-generated.</summary>
internal static partial class AspNetCoreLog
{
    [LoggerMessage(1, LogLevel.Error, "Unhandled exception in the app while serving {Method} {Path}: {Problem}")]
    public static partial void AppFailed(ILogger logger, string method, string path, string problem, Exception? exception);

    [LoggerMessage(2, LogLevel.Error, "Response to {Method} {Path} aborted: {Problem}")]
    public static partial void ResponseAborted(ILogger logger, string method, string path, string problem, Exception? exception);

    [LoggerMessage(10, LogLevel.Information, "The app does not support the lifespan protocol; continuing without it")]
    public static partial void LifespanUnsupported(ILogger logger, Exception? reason);

    [LoggerMessage(11, LogLevel.Critical, "Lifespan startup failed, stopping the application: {Message}")]
    public static partial void LifespanStartupFailed(ILogger logger, string message, Exception exception);

    [LoggerMessage(12, LogLevel.Error, "Lifespan shutdown failed: {Message}")]
    public static partial void LifespanShutdownFailed(ILogger logger, string message, Exception exception);

    [LoggerMessage(20, LogLevel.Debug, "WebSocket {Path} ended: {Problem}")]
    public static partial void WebSocketEnded(ILogger logger, string path, string problem, Exception? exception);
}