namespace Gateway.Samples.Chat.Auth;

/// <summary>What <see cref="AuthService.RegisterAsync"/> did.</summary>
internal enum RegisterStatus
{
    /// <summary>The account exists now (HTTP 201).</summary>
    Registered,

    /// <summary>Someone has this username (HTTP 409).</summary>
    UsernameTaken,

    /// <summary>The username or password breaks the rules; see the field and message (HTTP 422).</summary>
    Invalid,
}