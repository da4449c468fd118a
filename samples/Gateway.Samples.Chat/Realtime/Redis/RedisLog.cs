using Microsoft.Extensions.Logging;

namespace Gateway.Samples.Chat.Realtime.Redis;

/// <summary>The scale-out layer's log events (source-generated; ids and fixed words, never message text).</summary>
internal static partial class RedisLog
{
    [LoggerMessage(101, LogLevel.Warning, "Redis is unreachable ({Detail}): serving this instance's own clients only; other instances' messages arrive by replay once it returns")]
    public static partial void Down(ILogger logger, string detail);

    [LoggerMessage(102, LogLevel.Information, "Redis subscription of instance {InstanceId} is live; catching up from the database")]
    public static partial void Live(ILogger logger, string instanceId);

    [LoggerMessage(103, LogLevel.Warning, "Redis backplane step failed; retrying")]
    public static partial void StepFailed(ILogger logger, Exception exception);

    [LoggerMessage(104, LogLevel.Warning, "Skipped a malformed or unknown notification on the Redis channel")]
    public static partial void Malformed(ILogger logger);

    [LoggerMessage(105, LogLevel.Information, "Instance {DeadInstance} stopped refreshing its presence; removed it ({Offline} users went offline)")]
    public static partial void Swept(ILogger logger, string deadInstance, int offline);

    [LoggerMessage(106, LogLevel.Information, "Presence counts of instance {InstanceId} written to Redis ({Changes} users changed state)")]
    public static partial void Reconciled(ILogger logger, string instanceId, int changes);

    [LoggerMessage(107, LogLevel.Warning, "Presence step failed; retrying")]
    public static partial void PresenceStepFailed(ILogger logger, Exception exception);

    [LoggerMessage(108, LogLevel.Warning, "Presence notifications from Redis arrive faster than they are handled; dropped one")]
    public static partial void PresenceDropped(ILogger logger);

    [LoggerMessage(109, LogLevel.Error, "Catching up from the database after a lost subscription failed; the next loss or reconnect tries again")]
    public static partial void CatchUpFailed(ILogger logger, Exception exception);
}