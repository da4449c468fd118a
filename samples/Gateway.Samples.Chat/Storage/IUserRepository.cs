namespace Gateway.Samples.Chat.Storage;

/// <summary>Accounts. Usernames are unique; their validation is the caller's.</summary>
internal interface IUserRepository
{
    /// <summary>Stores a new user, or returns null when the username is taken.</summary>
    Task<User?> CreateAsync(string username, string passwordHash, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The user with this exact username, or null.</summary>
    Task<User?> FindByUsernameAsync(string username, CancellationToken cancellationToken = default);

    /// <summary>The user with this id, or null.</summary>
    Task<User?> FindByIdAsync(long userId, CancellationToken cancellationToken = default);

    /// <summary>Sets whether others may see the user's presence; false when there is no such user.</summary>
    Task<bool> SetShowLastSeenAsync(long userId, bool showLastSeen, CancellationToken cancellationToken = default);

    /// <summary>Records when the user's last connection closed.</summary>
    Task SetLastSeenAsync(long userId, DateTimeOffset lastSeen, CancellationToken cancellationToken = default);
}