namespace Gateway.Samples.Chat.Auth;

/// <summary>What a login or a refresh hands the client: a short-lived JWT and the opaque token that renews it.</summary>
internal sealed record TokenPair(string AccessToken, string RefreshToken, DateTimeOffset AccessTokenExpiresAt)
{
    /// <summary>The <c>token_type</c> of the HTTP answer.</summary>
    public const string TokenType = "bearer";

    /// <summary>The access token's lifetime in seconds (<c>expires_in</c>).</summary>
    public static int ExpiresInSeconds => (int)AccessTokenService.Lifetime.TotalSeconds;
}