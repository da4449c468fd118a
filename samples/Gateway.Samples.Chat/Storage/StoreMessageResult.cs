namespace Gateway.Samples.Chat.Storage;

/// <summary>The outcome of storing a message: <see cref="Message"/> is set for <see cref="StoreMessageStatus.Stored"/> and
/// <see cref="StoreMessageStatus.Duplicate"/>, null otherwise.</summary>
internal readonly record struct StoreMessageResult(StoreMessageStatus Status, ChatMessage? Message);