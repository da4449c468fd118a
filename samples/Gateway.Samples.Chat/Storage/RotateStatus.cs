namespace Gateway.Samples.Chat.Storage;

/// <summary>What <see cref="IRefreshTokenRepository.RotateAsync"/> found.</summary>
internal enum RotateStatus
{
    /// <summary>The token was current; it is now used and the new one replaces it.</summary>
    Rotated,

    /// <summary>Unknown, expired, or its family is revoked; nothing changed.</summary>
    Invalid,

    /// <summary>The token had been rotated already (stolen or replayed): the whole family is now revoked.</summary>
    Reused,
}