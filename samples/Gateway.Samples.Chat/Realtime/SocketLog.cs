using Microsoft.Extensions.Logging;

namespace Gateway.Samples.Chat.Realtime;

/// <summary>The WebSocket layer's log events (source-generated; never a token or message text, only ids and fixed words).</summary>
internal static partial class SocketLog
{
    [LoggerMessage(1, LogLevel.Information, "WebSocket authentication failed ({Reason}); closing with {Code}")]
    public static partial void AuthFailed(ILogger logger, string reason, int code);

    [LoggerMessage(2, LogLevel.Debug, "WebSocket connection {ConnectionId} of user {UserId} is ready")]
    public static partial void Ready(ILogger logger, long connectionId, long userId);

    [LoggerMessage(3, LogLevel.Information, "WebSocket connection {ConnectionId} of user {UserId} closed by the server with {Code} ({Reason})")]
    public static partial void ClosedByServer(ILogger logger, long connectionId, long userId, int code, string reason);

    [LoggerMessage(4, LogLevel.Error, "WebSocket session failed")]
    public static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(5, LogLevel.Information, "WebSocket handshake refused with {Status}: Origin {Origin}")]
    public static partial void Refused(ILogger logger, int status, string origin);
}