namespace Gateway.Samples.Chat.Auth;

/// <summary>The outcome of a login: <see cref="Tokens"/> on success, <see cref="RetryAfter"/> when rate limited.</summary>
internal readonly record struct LoginResult(LoginStatus Status, TokenPair? Tokens, TimeSpan RetryAfter);