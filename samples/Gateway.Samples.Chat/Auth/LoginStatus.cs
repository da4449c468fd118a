namespace Gateway.Samples.Chat.Auth;

/// <summary>What <see cref="AuthService.LoginAsync"/> did.</summary>
internal enum LoginStatus
{
    /// <summary>Tokens issued (HTTP 200).</summary>
    Succeeded,

    /// <summary>Unknown user or wrong password — deliberately indistinguishable (HTTP 401).</summary>
    InvalidCredentials,

    /// <summary>Too many attempts for this username and address; retry after the given time (HTTP 429).</summary>
    RateLimited,
}