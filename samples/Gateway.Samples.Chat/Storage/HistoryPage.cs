namespace Gateway.Samples.Chat.Storage;

/// <summary>One page of history, newest first; <paramref name="HasMore"/> says whether older messages exist.</summary>
internal sealed record HistoryPage(IReadOnlyList<ChatMessage> Messages, bool HasMore);