using Gateway.Samples.Chat.Observability;
using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Auth;

/// <summary>
/// Accounts and sessions as plain async methods with result types, for the HTTP and WebSocket layers to map onto
/// status codes. Secrets (passwords, tokens) are never logged or put into results other than the issued pair.
/// </summary>
internal sealed class AuthService(IChatStore store, PasswordHasher hasher, AccessTokenService accessTokens, LoginRateLimiter loginLimiter, TimeProvider time, ChatMetrics? metrics = null)
{
    /// <summary>Usernames are 3..32 characters.</summary>
    public const int MinUsernameLength = 3, MaxUsernameLength = 32;

    /// <summary>Passwords are 8..128 characters.</summary>
    public const int MinPasswordLength = 8, MaxPasswordLength = 128;

    // Browsers send long agents; a session list needs only the start, and the column must stay bounded.
    private const int MaxUserAgentLength = 256;

    /// <summary>Creates an account; the username must be 3–32 of <c>[a-z0-9_]</c> and the password 8–128 characters.</summary>
    public async Task<RegisterResult> RegisterAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        if (ValidateUsername(username) is { } usernameError)
        {
            return new RegisterResult(RegisterStatus.Invalid, null, "username", usernameError);
        }

        if (password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            return new RegisterResult(RegisterStatus.Invalid, null, "password", $"must be {MinPasswordLength} to {MaxPasswordLength} characters");
        }

        // PBKDF2 is tens of milliseconds of CPU: on the thread pool, so the server's event loop keeps serving the other
        // connections meanwhile (a handler's synchronous work runs on the loop thread).
        var hash = await Task.Run(() => hasher.Hash(password), cancellationToken);
        var user = await store.Users.CreateAsync(username, hash, time.GetUtcNow(), cancellationToken);
        return user is null
            ? new RegisterResult(RegisterStatus.UsernameTaken, null, "username", "is taken")
            : new RegisterResult(RegisterStatus.Registered, user, null, null);
    }

    /// <summary>
    /// Checks the password and starts a session (a refresh family labelled with <paramref name="userAgent"/>).
    /// An unknown user costs the same hashing work as a wrong password and gets the same answer.
    /// </summary>
    public async Task<LoginResult> LoginAsync(string username, string password, string clientAddress, string userAgent, CancellationToken cancellationToken = default)
    {
        if (!loginLimiter.TryAttempt(username, clientAddress, out var retryAfter))
        {
            metrics?.RateLimitHit("login");
            return new LoginResult(LoginStatus.RateLimited, null, retryAfter);
        }

        var user = ValidateUsername(username) is null ? await store.Users.FindByUsernameAsync(username, cancellationToken) : null;
        var valid = await Task.Run(
            () => user is null ? hasher.VerifyAgainstDummy(password) : PasswordHasher.Verify(password, user.PasswordHash),
            cancellationToken); // off the event loop, as in RegisterAsync
        if (!valid || user is null)
        {
            metrics?.AuthFailure("invalid_credentials");
            return new LoginResult(LoginStatus.InvalidCredentials, null, TimeSpan.Zero);
        }

        loginLimiter.Reset(username, clientAddress);
        var refreshToken = RefreshTokens.NewToken();
        var now = time.GetUtcNow();
        var agent = userAgent.Length > MaxUserAgentLength ? userAgent[..MaxUserAgentLength] : userAgent;
        await store.RefreshTokens.CreateFamilyAsync(user.Id, agent, RefreshTokens.Hash(refreshToken), now, now + RefreshTokens.Lifetime, cancellationToken);
        return new LoginResult(LoginStatus.Succeeded, IssuePair(user.Id, user.Username, refreshToken), TimeSpan.Zero);
    }

    /// <summary>Rotates <paramref name="refreshToken"/>: a new pair, and the presented token can never be used again.</summary>
    public async Task<RefreshResult> RefreshAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        var next = RefreshTokens.NewToken();
        var now = time.GetUtcNow();
        var rotation = await store.RefreshTokens.RotateAsync(RefreshTokens.Hash(refreshToken), RefreshTokens.Hash(next), now, now + RefreshTokens.Lifetime, cancellationToken);
        switch (rotation.Status)
        {
            case RotateStatus.Rotated:
                var user = await store.Users.FindByIdAsync(rotation.UserId, cancellationToken);
                return user is null
                    ? new RefreshResult(RefreshStatus.Invalid, null)
                    : new RefreshResult(RefreshStatus.Succeeded, IssuePair(user.Id, user.Username, next));
            case RotateStatus.Reused:
                metrics?.AuthFailure("refresh_reused");
                return new RefreshResult(RefreshStatus.Reused, null);
            default:
                metrics?.AuthFailure("refresh_invalid");
                return new RefreshResult(RefreshStatus.Invalid, null);
        }
    }

    /// <summary>Revokes the session <paramref name="refreshToken"/> belongs to; false when it was unknown or already revoked.</summary>
    public Task<bool> LogoutAsync(string refreshToken, CancellationToken cancellationToken = default) =>
        store.RefreshTokens.RevokeFamilyByTokenAsync(RefreshTokens.Hash(refreshToken), time.GetUtcNow(), cancellationToken);

    /// <summary>The user's active sessions.</summary>
    public Task<IReadOnlyList<RefreshFamily>> ListSessionsAsync(long userId, CancellationToken cancellationToken = default) =>
        store.RefreshTokens.ListActiveFamiliesAsync(userId, time.GetUtcNow(), cancellationToken);

    /// <summary>Revokes one of the user's sessions; false when it is not theirs, unknown or already revoked (HTTP 404).</summary>
    public Task<bool> RevokeSessionAsync(long userId, long sessionId, CancellationToken cancellationToken = default) =>
        store.RefreshTokens.RevokeFamilyAsync(userId, sessionId, time.GetUtcNow(), cancellationToken);

    /// <summary>Checks a bearer access token.</summary>
    public async Task<AccessTokenValidation> ValidateAccessTokenAsync(string accessToken)
    {
        var result = await accessTokens.ValidateAsync(accessToken);
        if (!result.IsValid)
        {
            metrics?.AuthFailure("access_token_invalid");
        }

        return result;
    }

    /// <summary>Null when <paramref name="username"/> is well-formed, else what is wrong with it.</summary>
    public static string? ValidateUsername(string username)
    {
        if (username.Length is < MinUsernameLength or > MaxUsernameLength)
        {
            return $"must be {MinUsernameLength} to {MaxUsernameLength} characters";
        }

        foreach (var c in username)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                return "may contain only a-z, 0-9 and _";
            }
        }

        return null;
    }

    private TokenPair IssuePair(long userId, string username, string refreshToken)
    {
        var (accessToken, expiresAt) = accessTokens.Issue(userId, username);
        return new TokenPair(accessToken, refreshToken, expiresAt);
    }
}