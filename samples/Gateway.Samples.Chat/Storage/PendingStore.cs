namespace Gateway.Samples.Chat.Storage;

/// <summary>A message waiting in a <see cref="GroupCommitWriter"/> for the transaction that stores it.</summary>
internal sealed class PendingStore(long roomId, long senderId, string clientId, string text, DateTimeOffset now, CancellationToken cancellationToken)
{
    public long RoomId { get; } = roomId;

    public long SenderId { get; } = senderId;

    public string ClientId { get; } = clientId;

    public string Text { get; } = text;

    public DateTimeOffset Now { get; } = now;

    /// <summary>The caller's token: a store it cancelled before its batch began is not made.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Completed only after the transaction holding the message has committed (or failed).</summary>
    public TaskCompletionSource<StoreMessageResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}