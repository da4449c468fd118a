namespace Gateway.Samples.Chat.Storage;

/// <summary>A stored account. <paramref name="LastSeen"/> is when the user's last socket closed, or null if never.</summary>
internal sealed record User(long Id, string Username, string PasswordHash, bool ShowLastSeen, DateTimeOffset? LastSeen, DateTimeOffset CreatedAt);