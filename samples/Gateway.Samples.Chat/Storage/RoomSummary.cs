namespace Gateway.Samples.Chat.Storage;

/// <summary>A room as listed in "my rooms": members, the newest message and how many messages from others are unread.</summary>
internal sealed record RoomSummary(Room Room, int MemberCount, ChatMessage? LastMessage, long UnreadCount, long LastReadSeq);