using System.Net;

using Microsoft.Extensions.Logging;

namespace Gateway.Server;

/// <summary>The server's log messages, source-generated so that disabled levels cost nothing.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Information, "Gateway server listening on {Address}")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(2, LogLevel.Information, "Gateway server stopping: draining {Connections} connections")]
    public static partial void Stopping(ILogger logger, int connections);

    [LoggerMessage(3, LogLevel.Warning, "Shutdown timeout reached: aborting {Connections} connections still in flight")]
    public static partial void AbortingOnShutdown(ILogger logger, int connections);

    [LoggerMessage(4, LogLevel.Information, "Gateway server stopped")]
    public static partial void Stopped(ILogger logger);

    // The exception is not attached: its message says it all, and the caller of StartAsync gets it anyway.
    [LoggerMessage(5, LogLevel.Error, "Gateway server could not start: {Problem}")]
    public static partial void BindFailed(ILogger logger, string problem);

    [LoggerMessage(10, LogLevel.Information, "The app does not support the lifespan protocol; continuing without it")]
    public static partial void LifespanUnsupported(ILogger logger, Exception? reason);

    [LoggerMessage(11, LogLevel.Error, "Lifespan startup failed: {Message}")]
    public static partial void LifespanStartupFailed(ILogger logger, string message, Exception exception);

    [LoggerMessage(12, LogLevel.Error, "Lifespan shutdown failed: {Message}")]
    public static partial void LifespanShutdownFailed(ILogger logger, string message, Exception exception);

    [LoggerMessage(20, LogLevel.Debug, "Connection {ConnectionId} accepted from {Remote}")]
    public static partial void ConnectionAccepted(ILogger logger, long connectionId, EndPoint? remote);

    [LoggerMessage(21, LogLevel.Debug, "Connection {ConnectionId} closed")]
    public static partial void ConnectionClosed(ILogger logger, long connectionId);

    [LoggerMessage(22, LogLevel.Debug, "Connection {ConnectionId} failed")]
    public static partial void ConnectionFailed(ILogger logger, long connectionId, Exception exception);

    [LoggerMessage(23, LogLevel.Debug, "Connection {ConnectionId}: TLS handshake failed")]
    public static partial void TlsHandshakeFailed(ILogger logger, long connectionId, Exception exception);

    [LoggerMessage(24, LogLevel.Information, "Connection from {Remote} rejected with 503: {Limit} reached")]
    public static partial void ConnectionRejected(ILogger logger, EndPoint? remote, string limit);

    [LoggerMessage(30, LogLevel.Debug, "Connection {ConnectionId}: bad request answered with {Status}: {Reason}")]
    public static partial void BadRequest(ILogger logger, long connectionId, int status, string reason);

    [LoggerMessage(31, LogLevel.Error, "Unhandled exception in the app while serving {Method} {Path}")]
    public static partial void AppException(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(32, LogLevel.Error, "Connection {ConnectionId}: response to {Method} {Path} aborted: {Problem}")]
    public static partial void ResponseAborted(ILogger logger, long connectionId, string method, string path, string problem);

    [LoggerMessage(33, LogLevel.Debug, "Connection {ConnectionId}: {Reason}; closing")]
    public static partial void ConnectionTimeout(ILogger logger, long connectionId, string reason);

    [LoggerMessage(34, LogLevel.Debug, "Connection {ConnectionId}: WebSocket closed with {CloseCode}: {Reason}")]
    public static partial void WebSocketProtocolError(ILogger logger, long connectionId, int closeCode, string reason);

    [LoggerMessage(40, LogLevel.Information, "{Client} - \"{Method} {Target} HTTP/{Version}\" {Status} {Bytes} {DurationMs:0.0}ms")]
    public static partial void Access(ILogger logger, string client, string method, string target, string version, int status, long bytes, double durationMs);
}