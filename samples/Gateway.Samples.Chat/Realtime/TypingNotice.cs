namespace Gateway.Samples.Chat.Realtime;

/// <summary>A user is typing in a room (not stored; fanned out to the room's other subscribers).</summary>
internal sealed record TypingNotice(long RoomId, long UserId, string Username);