namespace Gateway.Samples.Chat.Storage;

/// <summary>A stored room. <paramref name="LastSeq"/> is the <c>seq</c> of its newest message (0 when empty).</summary>
internal sealed record Room(long Id, string Name, RoomKind Kind, long LastSeq, DateTimeOffset CreatedAt);