namespace Gateway.Samples.Chat.Storage;

/// <summary>
/// A stored message. <paramref name="Seq"/> numbers the room's messages 1, 2, 3… without gaps; <paramref name="ClientId"/>
/// is the sender's idempotency key.
/// </summary>
internal sealed record ChatMessage(long Id, long RoomId, long Seq, long SenderId, string Sender, string ClientId, string Text, DateTimeOffset SentAt);