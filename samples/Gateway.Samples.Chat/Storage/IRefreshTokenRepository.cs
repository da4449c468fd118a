namespace Gateway.Samples.Chat.Storage;

/// <summary>
/// Refresh-token families. Only SHA-256 hashes of tokens are stored, so a leaked database yields no usable token.
/// </summary>
internal interface IRefreshTokenRepository
{
    /// <summary>Starts a family (a login) with its first token; returns the family id.</summary>
    Task<long> CreateFamilyAsync(long userId, string userAgent, string tokenHash, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: if <paramref name="presentedHash"/> is the family's current, unexpired token, marks it used and
    /// stores <paramref name="newHash"/> as the current one; if it was used before, revokes the family (reuse detection).
    /// </summary>
    Task<RotateResult> RotateAsync(string presentedHash, string newHash, DateTimeOffset now, DateTimeOffset newExpiresAt, CancellationToken cancellationToken = default);

    /// <summary>Revokes the family that <paramref name="tokenHash"/> belongs to; false when the token is unknown.</summary>
    Task<bool> RevokeFamilyByTokenAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Revokes one family if it belongs to <paramref name="userId"/>; false otherwise (someone else's or unknown).</summary>
    Task<bool> RevokeFamilyAsync(long userId, long familyId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The user's families that are not revoked and still hold an unexpired current token, newest use first.</summary>
    Task<IReadOnlyList<RefreshFamily>> ListActiveFamiliesAsync(long userId, DateTimeOffset now, CancellationToken cancellationToken = default);
}