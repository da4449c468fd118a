namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// One connection's view of one room: the last seq it was given, and messages that arrived early (during the replay,
/// or ahead of a missing seq) waiting for their turn. Guarded by the owning connection's lock.
/// </summary>
internal sealed class RoomSubscription(long roomId, long lastSeq)
{
    /// <summary>The room.</summary>
    public long RoomId { get; } = roomId;

    /// <summary>The seq of the last message queued to the client.</summary>
    public long LastSeq { get; set; } = lastSeq;

    /// <summary>True until the replay from the database is complete; live messages only wait meanwhile.</summary>
    public bool Replaying { get; set; } = true;

    /// <summary>Frames by seq that cannot be queued yet.</summary>
    public SortedDictionary<long, OutboundFrame> Waiting { get; } = [];
}