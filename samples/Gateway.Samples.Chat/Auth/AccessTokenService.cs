using System.Globalization;
using System.Security.Claims;

using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Samples.Chat.Auth;

/// <summary>
/// Issues and checks access tokens: JWTs signed with HS256, typed <c>at+jwt</c> (RFC 9068), with issuer and audience,
/// valid <see cref="Lifetime"/>. Validation pins the algorithm to HS256 and the type to <c>at+jwt</c>, so unsigned
/// (<c>alg:none</c>) tokens, other algorithms and other token types are refused before their claims are trusted.
/// </summary>
internal sealed class AccessTokenService
{
    /// <summary>How long an access token is valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>The <c>iss</c> of every token.</summary>
    public const string Issuer = "gateway-chat";

    /// <summary>The <c>aud</c> of every token.</summary>
    public const string Audience = "gateway-chat-api";

    /// <summary>The <c>typ</c> header of access tokens.</summary>
    public const string TokenType = "at+jwt";

    private const string UsernameClaim = "name";
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly SigningCredentials _credentials;
    private readonly TokenValidationParameters _validation;
    private readonly TimeProvider _time;

    /// <summary>Creates the service with an HS256 key of at least 32 bytes.</summary>
    public AccessTokenService(byte[] secret, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentOutOfRangeException.ThrowIfLessThan(secret.Length, 32, nameof(secret));
        var key = new SymmetricSecurityKey(secret);
        _credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        _time = time;
        _validation = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidTypes = [TokenType],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            // A little tolerance for clocks of other instances; far below the token's lifetime.
            ValidateLifetime = true,
            // Our clock rather than the system's, so expiry is testable; the library's own check uses DateTime.UtcNow.
            LifetimeValidator = IsWithinLifetime,
        };
    }

    /// <summary>A little tolerance for clocks of other instances; far below the token's lifetime.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>A new access token for the user and when it expires.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(long userId, string username)
    {
        var now = _time.GetUtcNow();
        var expires = now + Lifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            TokenType = TokenType,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity([
                new Claim(JwtRegisteredClaimNames.Sub, userId.ToString(CultureInfo.InvariantCulture)),
                new Claim(UsernameClaim, username),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            ]),
            SigningCredentials = _credentials,
        });
        // The wire format has whole seconds; report what a validator will see.
        return (token, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    private bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return expires is { } end && now < end + ClockSkew && (notBefore is not { } start || now >= start - ClockSkew);
    }

    /// <summary>Checks <paramref name="token"/>; never throws for a bad token.</summary>
    public async Task<AccessTokenValidation> ValidateAsync(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 8192)
        {
            return AccessTokenValidation.Fail("malformed");
        }

        var result = await _handler.ValidateTokenAsync(token, _validation);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return AccessTokenValidation.Fail(result.Exception?.GetType().Name ?? "invalid");
        }

        if (!long.TryParse(jwt.Subject, NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            || !jwt.TryGetPayloadValue<string>(UsernameClaim, out var username))
        {
            return AccessTokenValidation.Fail("claims");
        }

        return new AccessTokenValidation(true, userId, username, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero), null);
    }
}