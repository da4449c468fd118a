namespace Gateway.Samples.Chat.Auth;

/// <summary>The outcome of a refresh: <see cref="Tokens"/> when <see cref="RefreshStatus.Succeeded"/>.</summary>
internal readonly record struct RefreshResult(RefreshStatus Status, TokenPair? Tokens);