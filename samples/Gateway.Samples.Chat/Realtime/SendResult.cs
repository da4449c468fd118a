using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Realtime;

/// <summary>The outcome of a send; <see cref="Message"/> (for the ack) when stored or duplicate, else <see cref="Error"/> explains.</summary>
internal readonly record struct SendResult(SendStatus Status, ChatMessage? Message, string? Error);