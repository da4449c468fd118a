namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// One queued frame. <paramref name="NotifiedTimestamp"/> is the <see cref="System.Diagnostics.Stopwatch"/> time a
/// stored message's notification reached the hub (0 for other frames), for the delivery-latency metric.
/// </summary>
internal readonly record struct OutboundFrame(byte[] Utf8Json, long NotifiedTimestamp);