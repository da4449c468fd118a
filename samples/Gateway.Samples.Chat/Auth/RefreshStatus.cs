namespace Gateway.Samples.Chat.Auth;

/// <summary>What <see cref="AuthService.RefreshAsync"/> did. Both failures are HTTP 401.</summary>
internal enum RefreshStatus
{
    /// <summary>A new pair was issued; the presented token is used up.</summary>
    Succeeded,

    /// <summary>Unknown, expired or revoked.</summary>
    Invalid,

    /// <summary>An already-rotated token: the family (every token of that login) is now revoked.</summary>
    Reused,
}