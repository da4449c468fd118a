namespace Gateway.Samples.Chat.Storage;

/// <summary>
/// A refresh-token family: the chain of tokens issued from one login, each replacing the one before (a "session").
/// </summary>
internal sealed record RefreshFamily(long Id, long UserId, string UserAgent, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt);