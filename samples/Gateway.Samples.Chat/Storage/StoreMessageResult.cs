namespace Gateway.Samples.Chat.Storage;

/// <summary>The outcome of storing a message: <see cref="Message"/> is set unless the status is <see cref="StoreMessageStatus.NotMember"/>.</summary>
internal readonly record struct StoreMessageResult(StoreMessageStatus Status, ChatMessage? Message);