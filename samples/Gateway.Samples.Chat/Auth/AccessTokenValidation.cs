namespace Gateway.Samples.Chat.Auth;

/// <summary>
/// The outcome of checking an access token. When <see cref="IsValid"/>, the user and the expiry are set (a WebSocket
/// closes with 4401 at <see cref="ExpiresAt"/>); otherwise <see cref="FailureReason"/> says why, for logs and metrics
/// only — clients get the same 401 for every reason.
/// </summary>
internal readonly record struct AccessTokenValidation(bool IsValid, long UserId, string Username, DateTimeOffset ExpiresAt, string? FailureReason)
{
    /// <summary>A failed check.</summary>
    public static AccessTokenValidation Fail(string reason) => new(false, 0, "", default, reason);
}