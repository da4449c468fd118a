namespace Gateway.Samples.Chat.Storage;

/// <summary>
/// One database: its repositories, its schema migrations and a health check. One instance per process; dispose it
/// last, after every caller is done.
/// </summary>
internal interface IChatStore : IAsyncDisposable
{
    /// <summary>Which provider this is, for logs ("sqlite", "postgres").</summary>
    string ProviderName { get; }

    /// <summary>Accounts.</summary>
    IUserRepository Users { get; }

    /// <summary>Refresh-token families.</summary>
    IRefreshTokenRepository RefreshTokens { get; }

    /// <summary>Rooms and memberships.</summary>
    IRoomRepository Rooms { get; }

    /// <summary>Messages.</summary>
    IMessageRepository Messages { get; }

    /// <summary>Applies pending embedded migrations (all in one transaction); returns the versions applied.</summary>
    Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether the database answers a trivial query.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken = default);
}