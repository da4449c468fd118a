namespace Gateway.Samples.Chat.Storage;

/// <summary>Messages: the system of record that acknowledgements, history and replay read.</summary>
internal interface IMessageRepository
{
    /// <summary>Largest page <see cref="HistoryAsync"/> and <see cref="ReplayAsync"/> return.</summary>
    public const int MaxPageSize = 100;

    /// <summary>
    /// Stores a message with the room's next seq in one transaction, if the sender is a member. A (sender, client id)
    /// pair stored before in this room returns the original message with <see cref="StoreMessageStatus.Duplicate"/>, in
    /// another room <see cref="StoreMessageStatus.ClientIdTaken"/>; either way nothing is stored.
    /// </summary>
    Task<StoreMessageResult> StoreAsync(long roomId, long senderId, string clientId, string text, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> (1..100) messages with seq below <paramref name="beforeSeq"/> (null: the newest), newest first.</summary>
    Task<HistoryPage> HistoryAsync(long roomId, long? beforeSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> (1..100) messages with seq above <paramref name="sinceSeq"/>, oldest first; call again from the last seq for more.</summary>
    Task<IReadOnlyList<ChatMessage>> ReplayAsync(long roomId, long sinceSeq, int limit, CancellationToken cancellationToken = default);
}